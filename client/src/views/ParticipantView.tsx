import { useConnection } from '../state/useConnection.js';
import { SessionFrame } from '../components/SessionFrame.js';
import { Roster } from '../components/Roster.js';
import { useI18n } from '../i18n/i18n.js';
import { ParticipantRooms } from '../features/rooms/ParticipantRooms.js';
import { ChatPanel } from '../features/rooms/ChatPanel.js';
import { PastPollResults, pastResultsCount } from '../features/polls/ParticipantPolls.js';
import { RaiseHand } from '../features/queue/RaiseHand.js';
import { WorksheetPanel } from '../features/worksheet/WorksheetPanel.js';
import { NowCard } from '../features/now/NowCard.js';
import { Fold } from '../features/now/Fold.js';
import { own } from '../../../shared/domain/keyed.js';
import { rosterCountsOf } from '../../../shared/domain/people/roster.js';
import { HelperEntry } from '../features/polls/HelperEntry.js';
import { ProfileCardSlot } from '../features/profile/ProfileCardSlot.js';
import { PublishedSlot, PartPromptSlot } from '../features/plenary/PlenaryPhone.js';

/**
 * The participant's phone, top to bottom (docs/architecture.md, "Phone screens"): the "now" card (where I am, the
 * part, and the one thing to do now), then the cards other features add, the speaker queue, the room's chat and
 * worksheet, reactions and help, and last, folded, the earlier results and the people.
 */
export function ParticipantView() {
  const conn = useConnection('participant');
  const { t } = useI18n();
  return (
    <SessionFrame conn={conn} className="participant">
      {(state, c) => {
        const me = c.personId ? own(state.people, c.personId) : null;
        // The session's count: the phone holds only its room's people and the staff (issue 20).
        const people = rosterCountsOf(state).people;
        const past = pastResultsCount(state, c.personId);
        return (
          <>
            {me && (
              <h1 className="welcome">
                {t('participant.welcome', { name: me.name })}
              </h1>
            )}
            <NowCard state={state} conn={c} />
            {/* Cards of other features go here, right under the now card (one line each): profile questions,
                published sheets, part prompts. */}
            <PartPromptSlot state={state} />
            <ProfileCardSlot state={state} conn={c} />
            <PublishedSlot state={state} />
            <HelperEntry state={state} conn={c} />
            <RaiseHand state={state} conn={c} />
            {me && <ChatPanel state={state} conn={c} roomId={me.roomId} />}
            <WorksheetPanel state={state} conn={c} />
            <ParticipantRooms state={state} conn={c} />
            {past > 0 && (
              <Fold title={t('now.earlierResults', { n: past })} testId="earlier-results">
                <PastPollResults state={state} conn={c} />
              </Fold>
            )}
            <Fold title={t('now.people', { n: people })} testId="people">
              <Roster state={state} me={c.personId} />
            </Fold>
          </>
        );
      }}
    </SessionFrame>
  );
}
