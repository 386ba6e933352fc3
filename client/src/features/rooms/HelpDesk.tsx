import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { useRemaining } from './time.js';
import { own, ownEach } from '../../../../shared/domain/keyed.js';

/** Open help requests and their age, for moderators and technical support. */
export function HelpDesk({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  // Re-render every 250 ms while something is open, so ages stay current.
  const open = ownEach(state.help.requests, state.help.order).filter((r) => r.status !== 'closed');
  useRemaining(conn, open.length ? Number.MAX_SAFE_INTEGER : null);
  return (
    <section className="card help-desk" aria-labelledby="helpdesk-title">
      <h2 id="helpdesk-title">{t('help.desk', { n: open.length })}</h2>
      {state.hotline && <p data-testid="help-hotline">{t('help.hotline', { number: state.hotline })}</p>}
      {open.length === 0 && <p className="muted">{t('help.none')}</p>}
      <ul className="plain">
        {open.map((r) => (
          <li key={r.id} data-testid="help-request">
            <strong>{r.name}</strong> ({r.modality === 'online' ? t('roster.online') : t('roster.onsite')}
            {own(state.people, r.personId)?.table ? `, ${t('rooms.table', { n: own(state.people, r.personId)?.table ?? '' })}` : ''}) ·{' '}
            {t('help.age', { n: Math.max(0, Math.floor((conn.serverNow() - r.at) / 60_000)) })}
            {r.note && <p className="note">{r.note}</p>}
            <p>{r.status === 'taken' ? t('help.takenBy', { name: r.helperName ?? '' }) : t('help.open')}</p>
            <span className="actions">
              {r.helperId !== conn.personId && (
                <button type="button" onClick={() => void conn.request('help:take', { requestId: r.id })}>
                  {t('help.take')}
                </button>
              )}
              <button type="button" onClick={() => void conn.request('help:close', { requestId: r.id })}>
                {t('help.close')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
