import type { Viewer } from '../../shared/domain/audience.js';
import { PLENARY_ID, type SessionState } from '../../shared/domain/state.js';
import type { ViewerRole } from '../../shared/protocol/primitives.js';
import { own } from '../../shared/domain/keyed.js';

export const PROJECTOR_ID = 'projector';

/** Who a connection is now, from the session state (the token says who, the state says in which role and room). */
export function viewerOf(state: SessionState, personId: string, tokenRole: ViewerRole): Viewer | null {
  if (tokenRole === 'projector') return { personId: PROJECTOR_ID, role: 'projector', rooms: [PLENARY_ID] };
  const p = own(state.people, personId);
  if (!p || p.removed) return null;
  const rooms = p.visiting && p.visiting !== p.roomId ? [p.roomId, p.visiting] : [p.roomId];
  return { personId, role: p.role, rooms };
}
