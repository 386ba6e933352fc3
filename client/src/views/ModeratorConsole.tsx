import { useConnection } from '../state/useConnection.js';
import { SessionFrame } from '../components/SessionFrame.js';
import { useI18n } from '../i18n/i18n.js';
import { JoinQr } from '../components/JoinQr.js';
import { PeopleFinder } from '../features/console/PeopleFinder.js';
import { ModeratorPolls } from '../features/polls/ModeratorPolls.js';
import { HelperEntry } from '../features/polls/HelperEntry.js';
import { WallControl } from '../features/wall/WallControl.js';
import { PlenaryPanel } from '../features/plenary/PlenaryPanel.js';
import { PanelComposition } from '../features/profile/PanelComposition.js';
import { ObserverReportToggle } from '../features/report/ObserverReportToggle.js';
import { ModeratorQueue } from '../features/queue/ModeratorQueue.js';
import { WorksheetPanel } from '../features/worksheet/WorksheetPanel.js';
import { WorksheetOverviewPanel } from '../features/worksheet/WorksheetOverviewPanel.js';
import { AccessPanel } from '../features/access/AccessPanel.js';
import { DamagedNotice } from '../components/DamagedNotice.js';
import { ReportDownloads } from '../features/report/ReportDownloads.js';
import { PrintLinks } from '../features/print/PrintLinks.js';
import { StatusPanel } from '../features/rooms/StatusPanel.js';
import { RoomsBoard } from '../features/rooms/RoomsBoard.js';
import { AgendaControls } from '../features/rooms/AgendaControls.js';
import { BridgePanel } from '../features/rooms/BridgePanel.js';
import { ChatPanel } from '../features/rooms/ChatPanel.js';
import { HelpDesk } from '../features/rooms/HelpDesk.js';
import { ConsoleDashboard } from '../features/console/ConsoleDashboard.js';
import { NowStrip } from '../features/console/NowStrip.js';
import { consoleBadges } from '../features/console/badges.js';
import { own } from '../../../shared/domain/keyed.js';

/**
 * The moderators' console as a dashboard (see docs/architecture.md "Moderator console as a dashboard"): the "now"
 * strip, then one section at a time. To add a component to a section, add ONE line inside that section's
 * fragment below; each section scrolls by itself, so a new component never pushes the others off the screen.
 */
export default function ModeratorConsole() {
  const conn = useConnection('moderator');
  const { t } = useI18n();
  return (
    <SessionFrame conn={conn} className="moderator">
      {(state, c) => {
        const me = c.personId ? own(state.people, c.personId) : null;
        const badges = consoleBadges(state);
        return (
          <>
            <h1 className="visually-hidden">{t('moderator.title')}</h1>
            <DamagedNotice state={state} />
            <ConsoleDashboard
              strip={(jump) => <NowStrip state={state} conn={c} onJump={jump} />}
              sections={[
                {
                  id: 'now',
                  content: (
                    <div className="section-grid">
                      <StatusPanel state={state} conn={c} />
                      <AgendaControls state={state} conn={c} />
                      <WallControl state={state} conn={c} />
                      <section className="card join-card" aria-label={t('moderator.joinCode')}>
                        <p className="join-info">
                          {t('moderator.joinCode')}: <strong>{state.joinCode}</strong> · {location.origin}/join/{state.joinCode}
                        </p>
                        <JoinQr code={state.joinCode} size={180} />
                      </section>
                      <ReportDownloads sessionId={state.id} />
                      <PrintLinks sessionId={state.id} />
                      <ObserverReportToggle state={state} conn={c} />
                    </div>
                  ),
                },
                {
                  id: 'polls',
                  badge: badges.polls,
                  content: (
                    <>
                      <ModeratorPolls state={state} conn={c} />
                      <HelperEntry state={state} conn={c} />
                    </>
                  ),
                },
                {
                  id: 'rooms',
                  badge: badges.rooms,
                  content: (
                    <>
                      <RoomsBoard state={state} conn={c} />
                      <WorksheetPanel state={state} conn={c} />
                      <WorksheetOverviewPanel state={state} conn={c} />
                      <PlenaryPanel state={state} conn={c} />
                    </>
                  ),
                },
                {
                  id: 'queue',
                  badge: badges.queue,
                  content: (
                    <>
                      <ModeratorQueue state={state} conn={c} />
                    </>
                  ),
                },
                {
                  id: 'people',
                  badge: badges.people,
                  content: (
                    <>
                      <PanelComposition state={state} />
                      <PeopleFinder state={state} conn={c} />
                      <AccessPanel state={state} conn={c} />
                    </>
                  ),
                },
                {
                  id: 'bridge',
                  badge: badges.help,
                  alert: badges.help > 0,
                  content: (
                    <div className="section-grid">
                      <BridgePanel state={state} conn={c} />
                      <HelpDesk state={state} conn={c} />
                      <ChatPanel state={state} conn={c} roomId="plenary" />
                      {me?.visiting && <ChatPanel state={state} conn={c} roomId={me.visiting} />}
                    </div>
                  ),
                },
              ]}
            />
          </>
        );
      }}
    </SessionFrame>
  );
}
