import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { Countdown } from './time.js';
import { own } from '../../../../shared/domain/keyed.js';

/** The agenda with start, extend, skip and end; the running part's deadline is counted down from server time. */
export function AgendaControls({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const run = state.agendaRun;
  const add = () => {
    const title = prompt(t('agenda.newTitle'));
    if (!title?.trim()) return;
    const minutes = Number(prompt(t('agenda.newMinutes'), '15'));
    if (minutes > 0) void conn.request('agenda:add', { title: title.trim(), minutes: Math.round(minutes), room: 'plenary' });
  };
  return (
    <section className="card agenda" aria-labelledby="agenda-title">
      <h2 id="agenda-title">{t('agenda.title')}</h2>
      <ol className="plain">
        {state.agenda.map((p) => {
          const status = run.currentId === p.id ? t('agenda.running') : own(run.finished, p.id) === 'ended' ? t('agenda.ended') : own(run.finished, p.id) === 'skipped' ? t('agenda.skipped') : t('agenda.pending');
          return (
            <li key={p.id} className={run.currentId === p.id ? 'current' : ''}>
              <strong>{p.title}</strong> · {t('agenda.minutes', { n: p.minutes })} · <em>{status}</em>
              {run.currentId !== p.id && !own(run.finished, p.id) && (
                <span className="actions">
                  <button type="button" onClick={() => void conn.request('agenda:start', { partId: p.id })}>
                    {t('agenda.start')}
                  </button>
                  <button type="button" onClick={() => void conn.request('agenda:skip', { partId: p.id })}>
                    {t('agenda.skip')}
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ol>
      {run.currentId && (
        <>
          <Countdown conn={conn} endsAt={run.endsAt} label={t('rooms.partEndsIn')} />
          <div className="row">
            <button type="button" onClick={() => void conn.request('agenda:extend', { minutes: 5 })}>
              {t('agenda.extend', { n: 5 })}
            </button>
            <button type="button" onClick={() => void conn.request('agenda:extend', { minutes: 1 })}>
              {t('agenda.extend', { n: 1 })}
            </button>
            <button type="button" onClick={() => void conn.request('agenda:end', {})}>
              {t('agenda.end')}
            </button>
          </div>
        </>
      )}
      <button type="button" onClick={add}>
        {t('agenda.add')}
      </button>
    </section>
  );
}
