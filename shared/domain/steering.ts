// Types only from the state: the client imports this file (it shows steering controls by the same rule).
import type { SessionState } from './state.js';
import type { ViewerRole } from '../protocol/primitives.js';

/**
 * Who steers a room (its speaker queue, hiding its chat): every moderator, and the facilitator named on that
 * breakout (`room.facilitatorId`) while they hold the facilitator role. Never a facilitator in the plenary,
 * nor in a group they merely sit in. The server enforces it; the client uses it to show the controls.
 */
export function steersRoom(state: SessionState, person: { personId: string; role: ViewerRole }, roomId: string): boolean {
  const room = Object.hasOwn(state.rooms, roomId) ? state.rooms[roomId] : undefined;
  if (!room) return false;
  if (person.role === 'moderator') return true;
  return person.role === 'facilitator' && room.kind === 'breakout' && room.facilitatorId === person.personId;
}
