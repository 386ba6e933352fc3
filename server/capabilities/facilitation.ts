import type { Viewer } from '../../shared/domain/audience.js';
import type { SessionState } from '../../shared/domain/state.js';
import { DomainError } from '../../shared/protocol/errors.js';

/**
 * Who steers a room (its speaker queue, hiding its chat): every moderator, and the facilitator named on that
 * breakout (`room.facilitatorId`) while they hold the facilitator role. Never a facilitator in the plenary,
 * nor in a group they merely sit in: a facilitator steers the one group they were given, nothing else.
 */
export function steersRoom(state: SessionState, viewer: Viewer, roomId: string): boolean {
  const room = Object.hasOwn(state.rooms, roomId) ? state.rooms[roomId] : undefined;
  if (!room) return false;
  if (viewer.role === 'moderator') return true;
  return viewer.role === 'facilitator' && room.kind === 'breakout' && room.facilitatorId === viewer.personId;
}

/** Throws NOT_FOUND for an unknown room and FORBIDDEN when the viewer does not steer it. */
export function assertSteersRoom(state: SessionState, viewer: Viewer, roomId: string, what: string): void {
  if (!Object.hasOwn(state.rooms, roomId)) throw new DomainError('NOT_FOUND', 'no such room');
  if (!steersRoom(state, viewer, roomId)) throw new DomainError('FORBIDDEN', `only moderators and the facilitator of this breakout can ${what}`);
}
