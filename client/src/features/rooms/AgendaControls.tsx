import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { Countdown } from './time.js';
import { own } from '../../../../shared/domain/keyed.js';
import { useState, type FormEvent } from 'react';
import { PollText } from '../polls/localized.js';

/** The agenda with start, extend, skip and end; the running part's deadline is counted down from server time. */
export function AgendaControls({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const run = state.agendaRun;
  const [adding, setAdding] = useState(false);
  return (
    <section className="card agenda" aria-labelledby="agenda-title">
      <h2 id="agenda-title">{t('agenda.title')}</h2>
      <ol className="plain">
        {state.agenda.map((p) => {
          const status = run.currentId === p.id ? t('agenda.running') : own(run.finished, p.id) === 'ended' ? t('agenda.ended') : own(run.finished, p.id) === 'skipped' ? t('agenda.skipped') : t('agenda.pending');
          return (
            <li key={p.id} className={run.currentId === p.id ? 'current' : ''}>
              <strong><PollText value={p.title} languages={state.languages} /></strong> · {t('agenda.minutes', { n: p.minutes })} · <em>{status}</em>
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
      {adding ? (
        <NewPartForm conn={conn} onClose={() => setAdding(false)} />
      ) : (
        <button type="button" onClick={() => setAdding(true)}>
          {t('agenda.add')}
        </button>
      )}
    </section>
  );
}

/** A new agenda part asked in place (title and minutes, checked before sending), instead of two prompt()s. */
function NewPartForm({ conn, onClose }: { conn: SessionConnection; onClose: () => void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [minutes, setMinutes] = useState('15');
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const m = Number(minutes);
    if (!title.trim()) return setError(t('agenda.titleRequired'));
    if (!Number.isInteger(m) || m < 1 || m > 480) return setError(t('agenda.minutesInvalid'));
    const res = await conn.request('agenda:add', { title: title.trim(), minutes: m, room: 'plenary' });
    if (res.ok) onClose();
    else setError(res.error?.message ?? '');
  };
  return (
    <form className="inline-form" data-testid="agenda-add-form" noValidate onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <label className="field">
        <span>{t('agenda.newTitle')}</span>
        <input autoFocus value={title} maxLength={200} required onChange={(e) => setTitle(e.target.value)} aria-invalid={!!error && !title.trim()} />
      </label>
      <label className="field">
        <span>{t('agenda.newMinutes')}</span>
        <input type="number" min={1} max={480} value={minutes} required onChange={(e) => setMinutes(e.target.value)} />
      </label>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <div className="inline-form-buttons">
        <button type="submit">{t('agenda.add')}</button>
        <button type="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
