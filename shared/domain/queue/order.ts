// Types only: the client imports this file (zod stays out of its bundle).
import type { QueueEntry, RoomQueue } from './schemas.js';
import type { SessionState } from '../state.js';
import { emptyRecord, own } from '../keyed.js';

/** The key under which a speaker's turns are counted: their person id, or their name for entries added by name. */
export function speakerKey(e: Pick<QueueEntry, 'personId' | 'name'>): string {
  return e.personId ?? `name:${e.name.trim().toLowerCase()}`;
}

/**
 * The fair order of a room's queue: people who have not spoken yet in this room come first
 * ("first-time speakers first"), then by raise time; ties keep the log order (stable sort).
 */
export function orderQueue(entries: readonly QueueEntry[], spoken: Readonly<Record<string, number>>): QueueEntry[] {
  const rank = (e: QueueEntry) => ((own(spoken, speakerKey(e)) ?? 0) > 0 ? 1 : 0);
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.e.raisedAt - b.e.raisedAt || a.i - b.i)
    .map((x) => x.e);
}

export function emptyRoomQueue(): RoomQueue {
  return { entries: [], current: null, spoken: emptyRecord(), turnsByModality: { onsite: 0, online: 0 } };
}

/**
 * The entries that can be given the floor now, in fair order: entries added by name, and people still in the
 * room (not removed, not moved to a breakout). An absent person's entry is kept, not deleted: it counts again
 * when they come back (a hand raised in the plenary before the breakouts is still up after the recall).
 */
export function waitingEntries(state: SessionState, roomId: string): QueueEntry[] {
  const q = own(state.queues, roomId);
  if (!q) return [];
  const present = (e: QueueEntry) => {
    if (e.personId === null) return true;
    const p = own(state.people, e.personId);
    return !!p && !p.removed && (p.roomId === roomId || p.visiting === roomId);
  };
  return orderQueue(q.entries.filter(present), q.spoken);
}

/** 1-based position of a person in a room's waiting queue, or null if their hand is down. */
export function positionOf(state: SessionState, roomId: string, personId: string): number | null {
  const i = waitingEntries(state, roomId).findIndex((e) => e.personId === personId);
  return i < 0 ? null : i + 1;
}
