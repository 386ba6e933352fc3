import type { Viewer } from '../../shared/domain/audience.js';
import type { SessionState } from '../../shared/domain/state.js';
import { steersRoom } from '../../shared/domain/steering.js';
import { DomainError } from '../../shared/protocol/errors.js';

export { steersRoom };

/**
 * Throws NOT_FOUND for an unknown room and FORBIDDEN when the viewer does not steer it (the rule, shared with
 * the client, is in shared/domain/steering.ts: moderators everywhere, a facilitator only the breakout naming them).
 */
export function assertSteersRoom(state: SessionState, viewer: Viewer, roomId: string, what: string): void {
  if (!Object.hasOwn(state.rooms, roomId)) throw new DomainError('NOT_FOUND', 'no such room');
  if (!steersRoom(state, viewer, roomId)) throw new DomainError('FORBIDDEN', `only moderators and the facilitator of this breakout can ${what}`);
}
