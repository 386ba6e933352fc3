// No zod here: the client's digest applier and views use this file (see apply.ts).
import type { Audience } from '../audience.js';
import type { Person, SessionState } from '../state.js';
import { PLENARY_ID } from '../state.js';
import { emptyRecord, own, recordOf, setOwn } from '../keyed.js';

/**
 * Who reads the roster of a session, and how (issue 20, "Joins that scale").
 *
 * Staff (moderators, facilitators, observers) keep the whole roster and every roster event. A participant's
 * view holds themself, the staff, the people of their own breakout room (or of the plenary while the session is
 * small) and the counts; roster news about others reaches them as a periodic digest, not as one event per join.
 */

/** Roles that receive every roster event and hold the whole roster. */
export const ROSTER_ROLES = ['moderator', 'facilitator', 'observer'] as const;

/** Roster news about `personId`: the staff and the person themself (participants learn it from the digest). */
export function rosterAudience(personId?: string): Audience {
  return personId ? { roles: [...ROSTER_ROLES], persons: [personId] } : { roles: [...ROSTER_ROLES] };
}

/**
 * Up to this many people, a participant in the plenary lists everybody in it, as phones always did; beyond it the
 * plenary's list is the staff and oneself (the counts say how many), so a large session's snapshot stays small.
 */
export const SMALL_PLENARY = 150;

export interface RosterCounts {
  /** People in the session (not removed), every role. */
  people: number;
  onsite: number;
  online: number;
  /** People with at least one open connection. */
  connected: number;
}

export function isConnected(p: Person): boolean {
  // for-in, not Object.values: this runs for every person of a session on every count (no array per person).
  const connections = p.connections;
  for (const k in connections) if (Object.prototype.hasOwnProperty.call(connections, k) && connections[k] > 0) return true;
  return false;
}

export function countRoster(state: SessionState): RosterCounts {
  const c: RosterCounts = { people: 0, onsite: 0, online: 0, connected: 0 };
  for (const p of Object.values(state.people)) {
    if (p.removed) continue;
    c.people++;
    if (p.modality === 'onsite') c.onsite++;
    else c.online++;
    if (isConnected(p)) c.connected++;
  }
  return c;
}

/** The counts a view shows: the digest's when the view holds only part of the roster, else counted. */
export function rosterCountsOf(state: SessionState): RosterCounts {
  return state.rosterCounts ?? countRoster(state);
}

/** Whether a participant in `roomId` lists that room's people (a breakout always; the plenary while small). */
export function listsRoomPeople(counts: RosterCounts, roomId: string): boolean {
  return roomId !== PLENARY_ID || counts.people <= SMALL_PLENARY;
}

/** Whether a participant in `roomId` holds person `p` in their view (besides themself and who they need by name). */
export function participantHolds(p: Person, roomId: string, listsRoom: boolean): boolean {
  return p.role !== 'participant' || (listsRoom && p.roomId === roomId);
}

/**
 * Applies a roster digest to a participant's state: each person carried is put (new ones at the end of the roster
 * order) and the counts replace the old ones; a full digest is the whole view, so people it lacks are dropped.
 * Idempotent: a digest applied twice leaves the same state.
 */
export function applyRosterDigest(state: SessionState, digest: { counts: RosterCounts; people: Person[]; full: boolean }): void {
  if (digest.full) {
    state.people = emptyRecord();
    state.roster = [];
  }
  for (const person of digest.people) {
    if (!own(state.people, person.id)) state.roster.push(person.id);
    setOwn(state.people, person.id, { ...person, connections: recordOf(person.connections) });
  }
  state.rosterCounts = { ...digest.counts };
}
