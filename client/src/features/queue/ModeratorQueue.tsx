import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { QueueSteer } from './QueueSteer.js';
import { QueueSettings } from './QueueSettings.js';
import './queue.css';
import { own } from '../../../../shared/domain/keyed.js';

/**
 * The console's speaker queues: every room's (moderators receive every queue), so the whole day's floor is seen at
 * once. The plenary and the visited room are open; the other breakouts are folded, their speaker shown in the title.
 */
export function ModeratorQueue({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const me = conn.personId ? own(state.people, conn.personId) : null;
  const open = (roomId: string) => roomId === 'plenary' || roomId === me?.visiting;
  return (
    <>
      {state.roomOrder.filter(open).map((roomId) => {
        const room = own(state.rooms, roomId);
        const roomName = room?.kind === 'plenary' ? t('rooms.plenary') : room?.name ?? '';
        return (
          <section key={roomId} className="card queue" aria-labelledby={`queue-${roomId}`}>
            <h2 id={`queue-${roomId}`}>{t('queue.roomQueue', { room: roomName })}</h2>
            {/* Session-wide, shown once, with the plenary's queue. */}
            {roomId === 'plenary' && <QueueSettings state={state} conn={conn} />}
            <QueueSteer state={state} conn={conn} roomId={roomId} />
          </section>
        );
      })}
      {state.roomOrder.some((r) => !open(r)) && (
        <section className="card queue" aria-labelledby="queue-breakouts">
          <h2 id="queue-breakouts">{t('queue.otherRooms')}</h2>
          {state.roomOrder
            .filter((r) => !open(r))
            .map((roomId) => {
              const q = own(state.queues, roomId);
              return (
                <details key={roomId} className="room-queue">
                  <summary>
                    <bdi>{own(state.rooms, roomId)?.name ?? ''}</bdi>{' '}
                    <span className="muted">
                      {q?.current ? `${t('queue.speakingNow')} ${q.current.name}` : ''} · {t('queue.waiting', { n: q?.entries.length ?? 0 })}
                    </span>
                  </summary>
                  <QueueSteer state={state} conn={conn} roomId={roomId} />
                </details>
              );
            })}
        </section>
      )}
    </>
  );
}
