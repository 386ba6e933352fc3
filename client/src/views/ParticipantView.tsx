import { useConnection } from '../state/useConnection.js';
import { SessionFrame } from '../components/SessionFrame.js';
import { Roster } from '../components/Roster.js';
import { useI18n } from '../i18n/i18n.js';
import { ParticipantRooms } from '../features/rooms/ParticipantRooms.js';
import { ParticipantPolls } from '../features/polls/ParticipantPolls.js';
import { RaiseHand } from '../features/queue/RaiseHand.js';
import { WorksheetPanel } from '../features/worksheet/WorksheetPanel.js';
import { own } from '../../../shared/domain/keyed.js';
import { PublishedSlot } from '../features/plenary/PlenaryPhone.js';
import { PartPromptSlot } from '../features/plenary/PlenaryPhone.js';

/** The participant's phone: where they are, what happens now, and the people in the session. */
export function ParticipantView() {
  const conn = useConnection('participant');
  const { t } = useI18n();
  return (
    <SessionFrame conn={conn} className="participant">
      {(state, c) => {
        const me = c.personId ? own(state.people, c.personId) : null;
        return (
          <>
            {me && <h1 className="welcome">{t('participant.welcome', { name: me.name })}</h1>}
            <PartPromptSlot state={state} />
            <ParticipantPolls state={state} conn={c} />
            <RaiseHand state={state} conn={c} />
            <ParticipantRooms state={state} conn={c} />
            <WorksheetPanel state={state} conn={c} />
            <PublishedSlot state={state} />
            <Roster state={state} me={c.personId} />
          </>
        );
      }}
    </SessionFrame>
  );
}
