import { ev } from '../../../shared/domain/events.js';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import type { SessionState } from '../../../shared/domain/state.js';
import type { Audience, Viewer } from '../../../shared/domain/audience.js';
import type { Modality } from '../../../shared/protocol/primitives.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { waitingEntries } from '../../../shared/domain/queue/order.js';
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

export function decideAdd(state: SessionState, viewer: Viewer, roomId: string, entryId: string, name: string, modality: Modality): NewEvent[] {
  assertSteers(state, viewer, roomId);
  return [ev('queue:raised', { roomId, entryId, personId: null, name, modality, addedBy: viewer.personId }, queueAudience(roomId))];
}

export function decideRemove(state: SessionState, viewer: Viewer, roomId: string, entryId: string): NewEvent[] {
  assertSteers(state, viewer, roomId);
  if (!own(state.queues, roomId)?.entries.some((e) => e.id === entryId)) throw new DomainError('NOT_FOUND', 'no such entry');
  return [ev('queue:lowered', { roomId, entryId, byId: viewer.personId }, queueAudience(roomId))];
}

export function decideNext(state: SessionState, viewer: Viewer, roomId: string, entryId: string | undefined, seconds: number | undefined): NewEvent[] {
  assertSteers(state, viewer, roomId);
  const entries = waitingEntries(state, roomId);
  const entry = entryId ? entries.find((e) => e.id === entryId) : entries[0];
  if (entryId && !entry) throw new DomainError('NOT_FOUND', 'no such entry');
  if (!entry) throw new DomainError('CONFLICT', 'the queue is empty');
  return [ev('queue:floorGiven', { roomId, entryId: entry.id, seconds: seconds ?? null }, queueAudience(roomId))];
}

export function decideEnd(state: SessionState, viewer: Viewer, roomId: string): NewEvent[] {
  assertSteers(state, viewer, roomId);
  if (!own(state.queues, roomId)?.current) return [];
  return [ev('queue:turnEnded', { roomId }, queueAudience(roomId))];
}
