import { useConnection } from '../state/useConnection.js';
import { SessionFrame } from '../components/SessionFrame.js';
import { useI18n } from '../i18n/i18n.js';
import { JoinQr } from '../components/JoinQr.js';
import { ProjectorRooms } from '../features/rooms/ProjectorRooms.js';
import { ResultsPanel } from '../features/polls/ResultsPanel.js';
import { WallScreen } from '../features/wall/WallScreen.js';
import { keepWallResults } from '../features/wall/wallResults.js';

/** The wall screen of the hall, legible from the back: current part and countdown, speaker, highlight, results and how to join. */
export default function ProjectorView() {
  const conn = useConnection('projector');
  // From the first moment: a tally sent at connect must be there when a poll is put on the wall later.
  if (conn) keepWallResults(conn);
  const { t } = useI18n();
  return (
    <SessionFrame conn={conn} className="projector">
      {(state, c) =>
        // Once the moderators steer the wall (wall:show / wall:clear), it shows that one content and nothing else.
        state.wall !== undefined ? (
          <WallScreen state={state} conn={c} content={state.wall} />
        ) : (
        <>
        <ProjectorRooms state={state} conn={c} />
        <ResultsPanel state={state} conn={c} large />
        <section className="projector-join">
          <h1>{state.title}</h1>
          <p className="join-at">{t('projector.joinAt', { url: `${location.host}/join` })}</p>
          <p className="join-code" data-testid="join-code">
            {state.joinCode}
          </p>
          <JoinQr code={state.joinCode} size={360} className="projector-qr" />
        </section>
        </>
        )
      }
    </SessionFrame>
  );
}
