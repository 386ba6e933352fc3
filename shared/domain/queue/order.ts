// Types only: the client imports this file (zod stays out of its bundle).
import type { QueueEntry, QueueSettings, RoomQueue } from './schemas.js';
import type { Modality } from '../../protocol/primitives.js';
import type { SessionState } from '../state.js';
import { emptyRecord, own } from '../keyed.js';

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { alternate: false, autoEndGraceSeconds: null };

export function queueSettingsOf(state: Pick<SessionState, 'queueSettings'>): QueueSettings {
  return state.queueSettings ?? DEFAULT_QUEUE_SETTINGS;
}

/**
 * The key under which a speaker's turns are counted: their person id, or their name for entries added by name.
 * A confirmed namesake (a second person of a name already waiting) is counted apart, under its entry id.
 */
export function speakerKey(e: Pick<QueueEntry, 'personId' | 'name'> & { namesake?: boolean; id?: string }): string {
  if (e.personId !== null) return e.personId;
  const name = `name:${e.name.trim().toLowerCase()}`;
  return e.namesake && e.id ? `${name}#${e.id}` : name;
}

const otherSide = (m: Modality): Modality => (m === 'onsite' ? 'online' : 'onsite');

/**
 * Hall and online taken in turn: starting with `start` (or the side of the first entry), then the other side's
 * first, and so on; when one side has nobody left the rest follow in their given order (raise order).
 */
function alternateSides(tier: QueueEntry[], start: Modality | null): QueueEntry[] {
  const sides = { onsite: tier.filter((e) => e.modality === 'onsite'), online: tier.filter((e) => e.modality === 'online') };
  const out: QueueEntry[] = [];
  let side: Modality = start ?? tier[0]?.modality ?? 'onsite';
  while (sides.onsite.length || sides.online.length) {
    const other = otherSide(side);
    const from = sides[side].length ? sides[side] : sides[other];
    const next = from.shift()!;
    out.push(next);
    side = otherSide(next.modality);
  }
  return out;
}

/**
 * The fair order of a room's queue: people who have not spoken yet in this room come first
 * ("first-time speakers first"), then by raise time; ties keep the log order (stable sort). With `alternate`,
 * each of the two tiers (first-time, already spoken) alternates hall and online, so the first-time rule still wins;
 * `lastSide` (the side of the last turn given) makes the head the other side, so the alternation carries on
 * from turn to turn instead of restarting at the oldest hand.
 */
export function orderQueue(
  entries: readonly QueueEntry[],
  spoken: Readonly<Record<string, number>>,
  alternate = false,
  lastSide: Modality | null = null,
): QueueEntry[] {
  const rank = (e: QueueEntry) => ((own(spoken, speakerKey(e)) ?? 0) > 0 ? 1 : 0);
  const sorted = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.e.raisedAt - b.e.raisedAt || a.i - b.i)
    .map((x) => x.e);
  if (!alternate) return sorted;
  const first = alternateSides(sorted.filter((e) => rank(e) === 0), lastSide ? otherSide(lastSide) : null);
  const tail = first.length ? otherSide(first[first.length - 1].modality) : lastSide ? otherSide(lastSide) : null;
  return [...first, ...alternateSides(sorted.filter((e) => rank(e) === 1), tail)];
}

export function emptyRoomQueue(): RoomQueue {
  return {
    entries: [],
    current: null,
    spoken: emptyRecord(),
    turnsByModality: { onsite: 0, online: 0 },
    spokenMs: emptyRecord(),
    speakers: emptyRecord(),
    msByModality: { onsite: 0, online: 0 },
  };
}

/** True when a person is in the room now (not removed, not moved to a breakout; a visiting moderator counts). */
export function inRoom(state: SessionState, personId: string, roomId: string): boolean {
  const p = own(state.people, personId);
  return !!p && !p.removed && (p.roomId === roomId || p.visiting === roomId);
}

/**
 * The entries that can be given the floor now, in fair order: entries added by name, and people still in the
 * room (not removed, not moved to a breakout). An absent person's entry is kept, not deleted: it counts again
 * when they come back (a hand raised in the plenary before the breakouts is still up after the recall).
 */
export function waitingEntries(state: SessionState, roomId: string): QueueEntry[] {
  const q = own(state.queues, roomId);
  if (!q) return [];
  const present = (e: QueueEntry) => e.personId === null || inRoom(state, e.personId, roomId);
  return orderQueue(q.entries.filter(present), q.spoken, queueSettingsOf(state).alternate, q.lastModality ?? null);
}

/** 1-based position of a person in a room's waiting queue, or null if their hand is down. */
export function positionOf(state: SessionState, roomId: string, personId: string): number | null {
  const i = waitingEntries(state, roomId).findIndex((e) => e.personId === personId);
  return i < 0 ? null : i + 1;
}
