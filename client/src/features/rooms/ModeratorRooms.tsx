import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { StatusPanel } from './StatusPanel.js';
import { RoomsBoard } from './RoomsBoard.js';
import { AgendaControls } from './AgendaControls.js';
import { BridgePanel } from './BridgePanel.js';
import { ChatPanel } from './ChatPanel.js';
import { HelpDesk } from './HelpDesk.js';
import { own } from '../../../../shared/domain/keyed.js';

/** The moderator console's rooms feature: status, bridge and alerts first, then rooms, agenda, chats, help desk. */
export function ModeratorRooms({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const me = conn.personId ? own(state.people, conn.personId) : null;
  return (
    <div className="moderator-rooms">
      <StatusPanel state={state} conn={conn} />
      <BridgePanel state={state} conn={conn} />
      {me?.side === 'online' && <HelpDesk state={state} conn={conn} />}
      <RoomsBoard state={state} conn={conn} />
      <AgendaControls state={state} conn={conn} />
      <ChatPanel state={state} conn={conn} roomId="plenary" />
      {me?.visiting && <ChatPanel state={state} conn={conn} roomId={me.visiting} />}
      {me?.side !== 'online' && <HelpDesk state={state} conn={conn} />}
    </div>
  );
}
