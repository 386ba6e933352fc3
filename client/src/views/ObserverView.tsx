import { useConnection } from '../state/useConnection.js';
import { SessionFrame } from '../components/SessionFrame.js';
import { Roster } from '../components/Roster.js';
import { useI18n } from '../i18n/i18n.js';
import { ObserverRooms } from '../features/rooms/ObserverRooms.js';
import { ResultsPanel } from '../features/polls/ResultsPanel.js';
import { RoomQueueView } from '../features/queue/RoomQueueView.js';
import { PublishedSlot } from '../features/plenary/PlenaryPhone.js';

/** Observers watch: the roster, the agenda and (later) live results; they do not take part. */
export default function ObserverView() {
  const conn = useConnection('observer');
  const { t } = useI18n();
  return (
    <SessionFrame conn={conn} className="observer">
      {(state, c) => (
        <>
          <h1>{t('observer.title')}</h1>
          <ObserverRooms state={state} conn={c} />
          <ResultsPanel state={state} conn={c} />
          <PublishedSlot state={state} />
          <RoomQueueView state={state} conn={c} roomId="plenary" />
          <Roster state={state} me={c.personId} />
        </>
      )}
    </SessionFrame>
  );
}
