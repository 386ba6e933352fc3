import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { waitingEntries } from '../../../../shared/domain/queue/order.js';
import { QueueList } from './QueueList.js';
import { SpeakerNow } from './SpeakerNow.js';
import './queue.css';

/** The wall screen's plenary speaker and the next few names (the projector only receives the plenary's queue). */
export function ProjectorSpeaker({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const q = state.queues.plenary;
  return (
    <div className="projector-speaker" data-slot="speaker">
      <SpeakerNow speaker={q?.current ?? null} conn={conn} big />
      {waitingEntries(state, 'plenary').length > 0 && (
        <>
          <h3>{t('queue.next')}</h3>
          <QueueList state={state} roomId="plenary" limit={3} />
        </>
      )}
    </div>
  );
}
