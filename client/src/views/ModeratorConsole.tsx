import { useConnection } from '../state/useConnection.js';
import { SessionFrame } from '../components/SessionFrame.js';
import { Roster } from '../components/Roster.js';
import { useI18n } from '../i18n/i18n.js';
import { JoinQr } from '../components/JoinQr.js';
import { PersonActions } from '../components/PersonActions.js';
import { ModeratorRooms } from '../features/rooms/ModeratorRooms.js';
import { ModeratorPolls } from '../features/polls/ModeratorPolls.js';
import { ModeratorQueue } from '../features/queue/ModeratorQueue.js';
import { WorksheetPanel } from '../features/worksheet/WorksheetPanel.js';
import { AccessPanel } from '../features/access/AccessPanel.js';
import { DamagedNotice } from '../components/DamagedNotice.js';
import { ReportDownloads } from '../features/report/ReportDownloads.js';
import { WallControl } from '../features/wall/WallControl.js';
import { PlenaryPanel } from '../features/plenary/PlenaryPanel.js';

/** The moderators' console: every room, person and control. Laptop- and tablet-sized. */
export default function ModeratorConsole() {
  const conn = useConnection('moderator');
  const { t } = useI18n();
  return (
    <SessionFrame conn={conn} className="moderator">
      {(state, c) => (
        <>
          <h1>{t('moderator.title')}</h1>
          <DamagedNotice state={state} />
          <p className="join-info">
            {t('moderator.joinCode')}: <strong data-testid="join-code">{state.joinCode}</strong> · {location.origin}/join/{state.joinCode}
          </p>
          <JoinQr code={state.joinCode} size={180} />
          <ModeratorRooms state={state} conn={c} />
          <ModeratorQueue state={state} conn={c} />
          <ModeratorPolls state={state} conn={c} />
          <WorksheetPanel state={state} conn={c} />
          <PlenaryPanel state={state} conn={c} />
          <WallControl state={state} conn={c} />
          <AccessPanel state={state} conn={c} />
          <ReportDownloads sessionId={state.id} />
          <Roster state={state} me={c.personId} actions={(p) => (p.role === 'moderator' ? null : <PersonActions conn={c} person={p} />)} />
        </>
      )}
    </SessionFrame>
  );
}
