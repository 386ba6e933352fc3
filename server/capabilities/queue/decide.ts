import { ev } from '../../../shared/domain/events.js';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import type { SessionState } from '../../../shared/domain/state.js';
import type { Audience, Viewer } from '../../../shared/domain/audience.js';
import type { Modality } from '../../../shared/protocol/primitives.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { speakerKey, waitingEntries } from '../../../shared/domain/queue/order.js';
import { assertFloorAsSeen, turnEndedEvent } from './turns.js';
import { assertSteersRoom } from '../facilitation.js';
import { own } from '../../../shared/domain/keyed.js';

/** A room's queue goes to its members (and moderators visiting it) and to every moderator, who steer the floor. */
export const queueAudience = (roomId: string): Audience => ({ rooms: [roomId], roles: ['moderator'] });

/** The room whose queue a person raises/lowers in: the given one, or their own; they must be in it. */
export function ownQueueRoom(state: SessionState, viewer: Viewer, roomId: string | undefined): string {
  const target = roomId ?? own(state.people, viewer.personId)?.roomId;
  if (!target || !own(state.rooms, target)) throw new DomainError('NOT_FOUND', 'no such room');
  if (!viewer.rooms.includes(target)) throw new DomainError('FORBIDDEN', 'you can only raise your hand in a room you are in');
  return target;
}

/** Moderators steer every room's queue; a facilitator only the breakout they facilitate (see facilitation.ts). */
export function assertSteers(state: SessionState, viewer: Viewer, roomId: string): void {
  assertSteersRoom(state, viewer, roomId, 'steer its queue');
}

export function findOwnEntry(state: SessionState, roomId: string, personId: string) {
  return own(state.queues, roomId)?.entries.find((e) => e.personId === personId);
}

/** Idempotent: a hand already up returns no event (the handler answers with the existing entry). */
export function decideRaise(state: SessionState, viewer: Viewer, roomId: string | undefined, entryId: string): NewEvent[] {
  const room = ownQueueRoom(state, viewer, roomId);
  if (findOwnEntry(state, room, viewer.personId)) return [];
  const p = own(state.people, viewer.personId);
  if (!p) throw new DomainError('NOT_FOUND', 'no such person');
  return [
    ev('queue:raised', { roomId: room, entryId, personId: p.id, name: p.name, modality: p.modality, addedBy: null }, queueAudience(room)),
  ];
}

export function decideLower(state: SessionState, viewer: Viewer, roomId: string | undefined): NewEvent[] {
  const room = ownQueueRoom(state, viewer, roomId);
  const e = findOwnEntry(state, room, viewer.personId);
  if (!e) return [];
  return [ev('queue:lowered', { roomId: room, entryId: e.id, byId: viewer.personId }, queueAudience(room))];
}

/**
 * A by-name entry for a name already waiting in the room (by name or as a person's own hand) is most likely the
 * same citizen added twice: refused unless the sender confirms a second person, who is then counted apart.
 */
export function decideAdd(state: SessionState, viewer: Viewer, roomId: string, entryId: string, name: string, modality: Modality, confirmDuplicate = false): NewEvent[] {
  assertSteers(state, viewer, roomId);
  const key = speakerKey({ personId: null, name });
  const waiting = own(state.queues, roomId)?.entries.some((e) => speakerKey({ personId: null, name: e.name }) === key) ?? false;
  if (waiting && !confirmDuplicate) throw new DomainError('DUPLICATE_NAME', `"${name}" is already waiting in this queue`);
  return [
    ev('queue:raised', { roomId, entryId, personId: null, name, modality, addedBy: viewer.personId, ...(waiting ? { namesake: true } : {}) }, queueAudience(roomId)),
  ];
}

export function decideRemove(state: SessionState, viewer: Viewer, roomId: string, entryId: string): NewEvent[] {
  assertSteers(state, viewer, roomId);
  if (!own(state.queues, roomId)?.entries.some((e) => e.id === entryId)) throw new DomainError('NOT_FOUND', 'no such entry');
  return [ev('queue:lowered', { roomId, entryId, byId: viewer.personId }, queueAudience(roomId))];
}

/**
 * The floor to the head of the fair order (or the chosen entry). `expectedCurrent` is the turn the sender saw;
 * the hub decides again on the caught-up state after a concurrent append, so the second of two moderators
 * giving the floor at once finds the first one's speaker and gets CONFLICT instead of replacing them.
 */
export function decideNext(
  state: SessionState,
  viewer: Viewer,
  roomId: string,
  entryId: string | undefined,
  seconds: number | undefined,
  expectedCurrent?: string | null,
): NewEvent[] {
  assertSteers(state, viewer, roomId);
  assertFloorAsSeen(state, roomId, expectedCurrent);
  const entries = waitingEntries(state, roomId);
  const entry = entryId ? entries.find((e) => e.id === entryId) : entries[0];
  if (entryId && !entry) throw new DomainError('NOT_FOUND', 'no such entry');
  if (!entry) throw new DomainError('CONFLICT', 'the queue is empty');
  const cur = own(state.queues, roomId)?.current;
  return [
    // The previous turn ends explicitly, so every turn in the log has its own end.
    ...(cur ? [turnEndedEvent(roomId, cur, 'next')] : []),
    ev('queue:floorGiven', { roomId, entryId: entry.id, seconds: seconds ?? null, personId: entry.personId, name: entry.name, modality: entry.modality }, queueAudience(roomId)),
  ];
}

export function decideEnd(state: SessionState, viewer: Viewer, roomId: string): NewEvent[] {
  assertSteers(state, viewer, roomId);
  const cur = own(state.queues, roomId)?.current;
  if (!cur) return [];
  return [turnEndedEvent(roomId, cur, 'ended')];
}
