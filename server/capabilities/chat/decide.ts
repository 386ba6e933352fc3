import { ev } from '../../../shared/domain/events.js';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import type { SessionState } from '../../../shared/domain/state.js';
import type { Viewer } from '../../../shared/domain/audience.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { assertSteersRoom } from '../facilitation.js';
import { own } from '../../../shared/domain/keyed.js';

/** Messages per person per window, across instances (counted in the store). */
export const CHAT_RATE = { max: 5, windowMs: 10_000 };

/** Chat traffic goes to the room's members and the moderators visiting it: nobody else. */
export const roomAudience = (roomId: string) => ({ rooms: [roomId] });

export function chatRoomFor(state: SessionState, viewer: Viewer, roomId: string | undefined): string {
  const p = own(state.people, viewer.personId);
  const target = roomId ?? p?.roomId;
  if (!target || !own(state.rooms, target)) throw new DomainError('NOT_FOUND', 'no such room');
  if (!viewer.rooms.includes(target)) throw new DomainError('FORBIDDEN', 'you can only write in a room you are in');
  return target;
}

export function decidePost(state: SessionState, viewer: Viewer, roomId: string | undefined, id: string, text: string, now: number): NewEvent[] {
  const room = chatRoomFor(state, viewer, roomId);
  const p = own(state.people, viewer.personId);
  return [ev('chat:posted', { message: { id, roomId: room, personId: viewer.personId, name: p?.name ?? '', text, at: now, hidden: false } }, roomAudience(room))];
}

export function decideHide(state: SessionState, viewer: Viewer, roomId: string, messageId: string, reason: string): NewEvent[] {
  assertSteersRoom(state, viewer, roomId, 'hide messages');
  const msg = own(state.chat, roomId)?.find((m) => m.id === messageId);
  if (!msg) throw new DomainError('NOT_FOUND', 'no such message');
  if (msg.hidden) return [];
  return [
    ev('chat:hidden', { roomId, messageId }, { rooms: [roomId], roles: ['moderator'] }),
    ev('chat:hiddenNote', { messageId, reason, text: msg.text, byId: viewer.personId }, { roles: ['moderator'] }),
  ];
}
