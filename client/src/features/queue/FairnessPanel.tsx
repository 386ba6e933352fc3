import type { SessionState } from '../../../../shared/domain/state.js';
import type { Modality } from '../../../../shared/protocol/primitives.js';
import type { SessionConnection } from '../../net/connection.js';
import { roomFairness, sideShare } from '../../../../shared/domain/queue/fairness.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatRemaining, useRemaining } from '../rooms/time.js';
import { own } from '../../../../shared/domain/keyed.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const duration = (ms: number) => formatRemaining(ms).replace('+', '');

/**
 * Moderators' and the room facilitator's view of who got the floor: speaking time and turns per person, hall vs
 * online shares of time and turns next to their share of those present, and everyone present who has not spoken
 * yet, one tap to invite them. Computed from the state alone; the running turn counts up to the server's now.
 */
export function FairnessPanel({ state, conn, roomId }: { state: SessionState; conn: SessionConnection; roomId: string }) {
  const { t } = useI18n();
  // Re-render while someone speaks, so the running turn's time moves (same tick as the countdowns).
  useRemaining(conn, own(state.queues, roomId)?.current?.startedAt ?? null);
  const f = roomFairness(state, roomId, conn.serverNow());
  const side = (m: Modality) => (m === 'online' ? t('queue.online') : t('queue.onsite'));
  return (
    <details className="fairness" data-testid="fairness">
      <summary>{t('queue.fairness')}</summary>
      <table className="fairness-shares">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{t('queue.speakingTime')}</th>
            <th scope="col">{t('queue.turnsCol')}</th>
            <th scope="col">{t('queue.presentCol')}</th>
          </tr>
        </thead>
        <tbody>
          {(['onsite', 'online'] as const).map((m) => (
            <tr key={m}>
              <th scope="row">{side(m)}</th>
              <td>{pct(sideShare(f.msBySide, m))}</td>
              <td>{pct(sideShare(f.turnsBySide, m))}</td>
              <td>{pct(sideShare(f.presentBySide, m))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {f.speakers.length > 0 && (
        <table className="fairness-people">
          <thead>
            <tr>
              <th scope="col">{t('queue.person')}</th>
              <th scope="col">{t('queue.speakingTime')}</th>
              <th scope="col">{t('queue.turnsCol')}</th>
            </tr>
          </thead>
          <tbody>
            {f.speakers.map((s) => (
              <tr key={s.key}>
                <td>
                  <bdi>{s.name}</bdi> <span className="queue-mark">{side(s.modality)}</span>
                </td>
                <td>{duration(s.ms)}</td>
                <td>{s.turns}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('queue.notYetSpoken', { n: f.notYetSpoken.length })}</h3>
      {f.notYetSpoken.length === 0 ? (
        <p className="muted">{t('queue.everyoneSpoke')}</p>
      ) : (
        <ul className="not-yet" data-testid="not-yet-spoken">
          {f.notYetSpoken.map((p) => (
            <li key={p.id}>
              <bdi>{p.name}</bdi> <span className="queue-mark">{side(p.modality)}</span>{' '}
              <button type="button" onClick={() => void conn.request('queue:invite', { roomId, personId: p.id })}>
                {t('queue.invite')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
