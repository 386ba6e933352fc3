import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { StatusPanel } from './StatusPanel.js';
import { ChatPanel } from './ChatPanel.js';

/** Observers see the current part and countdown and read the plenary chat; never breakout chat or the bridge. */
export function ObserverRooms({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  return (
    <>
      <StatusPanel state={state} conn={conn} />
      <ChatPanel state={state} conn={conn} roomId="plenary" canWrite={false} />
    </>
  );
}
