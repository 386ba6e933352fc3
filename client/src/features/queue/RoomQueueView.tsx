import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { QueueList } from './QueueList.js';
import { SpeakerNow } from './SpeakerNow.js';
import './queue.css';
import { own } from '../../../../shared/domain/keyed.js';

/** Read-only view of a room's queue for observers: who speaks, who waits (the plenary's, the only one they receive). */
export function RoomQueueView({ state, conn, roomId }: { state: SessionState; conn: SessionConnection; roomId: string }) {
  const { t } = useI18n();
  return (
    <section className="card queue" aria-labelledby="queue-view-title">
      <h2 id="queue-view-title">{t('queue.title')}</h2>
      <SpeakerNow speaker={own(state.queues, roomId)?.current ?? null} conn={conn} />
      <QueueList state={state} roomId={roomId} />
    </section>
  );
}
