import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { QueueSteer } from './QueueSteer.js';
import './queue.css';
import { own } from '../../../../shared/domain/keyed.js';

/** The console's speaker queues: the plenary's, and the breakout the moderator visits. */
export function ModeratorQueue({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const me = conn.personId ? own(state.people, conn.personId) : null;
  const rooms = ['plenary', ...(me?.visiting && me.visiting !== 'plenary' ? [me.visiting] : [])];
  return (
    <>
      {rooms.map((roomId) => {
        const room = own(state.rooms, roomId);
        const roomName = room?.kind === 'plenary' ? t('rooms.plenary') : room?.name ?? '';
        return (
          <section key={roomId} className="card queue" aria-labelledby={`queue-${roomId}`}>
            <h2 id={`queue-${roomId}`}>{t('queue.roomQueue', { room: roomName })}</h2>
            <QueueSteer state={state} conn={conn} roomId={roomId} />
          </section>
        );
      })}
    </>
  );
}
