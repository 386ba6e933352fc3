import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { StatusPanel } from './StatusPanel.js';
import { ChatPanel } from './ChatPanel.js';
import { ReactionsBar } from './ReactionsBar.js';
import { HelpButton } from './HelpButton.js';
import { HelpDesk } from './HelpDesk.js';
import { BridgePanel } from './BridgePanel.js';
import { own } from '../../../../shared/domain/keyed.js';

/** Everything of the rooms feature on a participant's phone: room, part, countdown, chat, reactions, help. */
export function ParticipantRooms({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const me = conn.personId ? own(state.people, conn.personId) : null;
  if (!me) return null;
  return (
    <>
      <StatusPanel state={state} conn={conn} />
      <ChatPanel state={state} conn={conn} roomId={me.roomId} />
      {me.modality === 'online' && <ReactionsBar conn={conn} />}
      {me.role === 'facilitator' && <BridgePanel state={state} conn={conn} />}
      {me.support && <HelpDesk state={state} conn={conn} />}
      <HelpButton state={state} conn={conn} />
    </>
  );
}
