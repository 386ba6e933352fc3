import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { ReactionsBar } from './ReactionsBar.js';
import { HelpButton } from './HelpButton.js';
import { own } from '../../../../shared/domain/keyed.js';
import { Suspense } from 'react';
import { lazyWithRetry } from '../../net/lazyWithRetry.js';

// Facilitators' and helpers' tools load only on their phones: most participants never download them.
const BridgePanel = lazyWithRetry(() => import('./BridgePanel.js').then((m) => ({ default: m.BridgePanel })));
const HelpDesk = lazyWithRetry(() => import('./HelpDesk.js').then((m) => ({ default: m.HelpDesk })));

/**
 * The rooms feature's smaller cards on a participant's phone: reactions, the facilitator's bridge, the help desk
 * and help. Where the person is, the part and its countdown are in the now card (features/now); the room's chat is
 * placed by the view.
 */
export function ParticipantRooms({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const me = conn.personId ? own(state.people, conn.personId) : null;
  if (!me) return null;
  return (
    <>
      {me.modality === 'online' && <ReactionsBar conn={conn} />}
      <Suspense fallback={null}>
        {me.role === 'facilitator' && <BridgePanel state={state} conn={conn} />}
        {me.support && <HelpDesk state={state} conn={conn} />}
      </Suspense>
      <HelpButton state={state} conn={conn} />
    </>
  );
}
