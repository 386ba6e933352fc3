import type { Server } from 'socket.io';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import { own } from '../../shared/domain/keyed.js';
import { listsRoomPeople, participantHolds } from '../../shared/domain/people/roster.js';
import type { Person } from '../../shared/domain/state.js';
import type { RosterDigestMessage } from '../../shared/protocol/commands/people.js';
import { ViewerRole } from '../../shared/protocol/primitives.js';
import type { SessionRuntime } from '../sessions/SessionHub.js';
import { socketRooms } from './roomNames.js';
import { rosterCountsIndexed } from '../capabilities/people/rosterIndex.js';

/** How often, at most, a participant receives roster news (ms). */
export const DIGEST_INTERVAL_MS = 2_000;

/** Event types that can change a person as a participant's view holds it (people, presence, room moves). */
const ROSTER_PREFIXES = ['person:', 'presence:', 'rooms:', 'session:'];

/**
 * Roster digests for participants (issue 20, "Joins that scale"). Joins and connection counts are logged events
 * that go to the staff only (people/roster.ts); every instance, which applies every event, tells its own
 * participant sockets what changed at most every `DIGEST_INTERVAL_MS`: one message per breakout room (and one for
 * the plenary), whatever the number of joins in between.
 *
 * What changed is found by comparison, not by event type: each tick compares every person with what the last
 * digest saw (a JSON fingerprint), so a move, a rename, a removal or a connection all count, and a person changed
 * twice is sent once, as they are now. Sessions with no roster event since the last tick cost nothing.
 */
export class RosterDigests {
  private readonly dirty = new Set<SessionRuntime>();
  /** Per loaded session: each person's fingerprint and the counts as the last digest sent them. */
  private readonly seen = new WeakMap<SessionRuntime, { prints: Map<string, string>; rooms: Map<string, string>; counts: string }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly io: Server,
    intervalMs = DIGEST_INTERVAL_MS,
  ) {
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  /** Called with every batch of applied events (local or relayed). */
  noteApplied(rt: SessionRuntime, events: StoredEvent[]): void {
    if (events.some((e) => ROSTER_PREFIXES.some((p) => e.type.startsWith(p)))) this.dirty.add(rt);
  }

  stop(): void {
    clearInterval(this.timer);
    this.dirty.clear();
  }

  /** Sends the digests of every session whose roster moved since the last tick. */
  tick(): void {
    const sessions = [...this.dirty];
    this.dirty.clear();
    for (const rt of sessions) this.digest(rt);
  }

  private digest(rt: SessionRuntime): void {
    const state = rt.state;
    const before = this.seen.get(rt);
    const prints = new Map<string, string>();
    const roomOf = new Map<string, string>();
    const changed: Person[] = [];
    // Rooms someone moved into: the newcomer holds only what changed, so that room's phones get the whole room.
    const movedInto = new Set<string>();
    for (const id of state.roster) {
      const p = own(state.people, id);
      if (!p) continue;
      const print = JSON.stringify(p);
      prints.set(id, print);
      roomOf.set(id, p.roomId);
      if (before?.prints.get(id) === print) continue;
      changed.push(p);
      if (before && before.rooms.get(id) !== p.roomId) movedInto.add(p.roomId);
    }
    const counts = rosterCountsIndexed(state);
    const countsKey = JSON.stringify(counts);
    this.seen.set(rt, { prints, rooms: roomOf, counts: countsKey });
    if (!changed.length && before?.counts === countsKey) return;
    // Only participants read digests: the other roles' sockets are in role rooms and receive every roster event.
    const others = ViewerRole.options.filter((r) => r !== 'participant').map((r) => socketRooms.role(rt.id, r));
    const rooms = this.io.of('/').adapter.rooms;
    for (const roomId of state.roomOrder) {
      const target = socketRooms.room(rt.id, roomId);
      if (!rooms.get(target)?.size) continue;
      const lists = listsRoomPeople(counts, roomId);
      const pool = movedInto.has(roomId) ? roomPeople(state.roster, state.people) : changed;
      const people = pool.filter((p) => participantHolds(p, roomId, lists));
      const message: RosterDigestMessage = { counts, people, full: false };
      this.io.local.to(target).except(others).emit('people:digest', message);
    }
  }
}

function roomPeople(roster: string[], people: Record<string, Person>): Person[] {
  const out: Person[] = [];
  for (const id of roster) {
    const p = own(people, id);
    if (p) out.push(p);
  }
  return out;
}
