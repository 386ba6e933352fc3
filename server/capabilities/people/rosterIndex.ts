import type { StoredEvent } from '../../../shared/domain/eventTypes.js';
import { own } from '../../../shared/domain/keyed.js';
import { isConnected, type RosterCounts } from '../../../shared/domain/people/roster.js';
import type { Person, SessionState } from '../../../shared/domain/state.js';

/**
 * What a participant's view needs of the whole roster, kept up to date event by event instead of counted on every
 * snapshot (issue 20, "Joins that scale"): in a join storm every newcomer's snapshot is at a new seq, and counting
 * 5,000 people for each of 5,000 snapshots was most of a join's cost.
 *
 * The index never trusts itself: it is valid only at the seq it was last brought to, and any use at another seq
 * (an event applied without it, a reload) rebuilds it from the state. Events are used only to know *who* changed;
 * what is indexed is always read from the state after the event was applied.
 */
interface Index {
  seq: number;
  counts: RosterCounts;
  /** People whose role is not "participant" (every view holds them), by id. */
  staff: Set<string>;
  /** Participants by the room they are in. */
  byRoom: Map<string, Set<string>>;
  /** Position in the roster's join order, to give views the roster's order. */
  position: Map<string, number>;
  /** Whether each person counted as connected when last indexed (presence updates adjust the count). */
  connected: Map<string, boolean>;
}

const indexes = new WeakMap<SessionState, Index>();

/** Event types that change nothing an index holds (names, labels, notes, support duty). */
const NEUTRAL = new Set(['person:renamed', 'person:labelled', 'person:noted', 'person:supportChanged']);
/** Event types that may change people in ways not followed one by one here: the index is rebuilt on next use. */
const ROSTER_PREFIXES = ['person:', 'presence:', 'rooms:', 'session:'];

function build(state: SessionState): Index {
  const index: Index = {
    seq: state.seq,
    counts: { people: 0, onsite: 0, online: 0, connected: 0 },
    staff: new Set(),
    byRoom: new Map(),
    position: new Map(),
    connected: new Map(),
  };
  state.roster.forEach((id, i) => index.position.set(id, i));
  for (const id of state.roster) {
    const p = own(state.people, id);
    if (p) add(index, p);
  }
  return index;
}

function add(index: Index, p: Person): void {
  if (p.role !== 'participant') index.staff.add(p.id);
  else {
    let members = index.byRoom.get(p.roomId);
    if (!members) index.byRoom.set(p.roomId, (members = new Set()));
    members.add(p.id);
  }
  if (p.removed) return;
  const c = index.counts;
  c.people++;
  if (p.modality === 'onsite') c.onsite++;
  else c.online++;
  const on = isConnected(p);
  index.connected.set(p.id, on);
  if (on) c.connected++;
}

/**
 * Brings the index of `state` (if one was built) over events just applied to it. Called with every applied batch
 * (the hub's applied listener). An event it cannot follow drops the index; the next use rebuilds it.
 */
export function noteRosterEvents(state: SessionState, events: StoredEvent[]): void {
  const index = indexes.get(state);
  if (!index || !events.length) return;
  for (const e of events) {
    // Already in the index: it was (re)built after this event was applied, before this listener ran.
    if (e.seq <= index.seq) continue;
    if (e.seq !== index.seq + 1) return void indexes.delete(state);
    index.seq = e.seq;
    if (NEUTRAL.has(e.type) || !ROSTER_PREFIXES.some((p) => e.type.startsWith(p))) continue;
    if (e.type === 'person:joined') {
      const id = (e.data as { person?: { id?: unknown } }).person?.id;
      const p = typeof id === 'string' ? own(state.people, id) : undefined;
      // A repeated id (a join replayed) or an unknown shape: start again rather than count twice.
      if (!p || index.position.has(p.id)) return void indexes.delete(state);
      index.position.set(p.id, state.roster.length - 1);
      if (state.roster[state.roster.length - 1] !== p.id) return void indexes.delete(state);
      add(index, p);
      continue;
    }
    if (e.type === 'presence:changed') {
      const counts = (e.data as { counts?: unknown }).counts;
      if (!counts || typeof counts !== 'object') return void indexes.delete(state);
      for (const id of Object.keys(counts)) {
        const p = own(state.people, id);
        if (!p || p.removed) continue;
        const was = index.connected.get(id) ?? false;
        const on = isConnected(p);
        if (was !== on) index.counts.connected += on ? 1 : -1;
        index.connected.set(id, on);
      }
      continue;
    }
    return void indexes.delete(state);
  }
}

function indexOf(state: SessionState): Index {
  let index = indexes.get(state);
  if (!index || index.seq !== state.seq) indexes.set(state, (index = build(state)));
  return index;
}

/** The session's counts (people not removed, by modality, connected), as `countRoster` gives them. */
export function rosterCountsIndexed(state: SessionState): RosterCounts {
  return { ...indexOf(state).counts };
}

/**
 * The ids a participant's view may hold besides its own and its requesters': the staff, and the participants of
 * `roomId` when `withRoom`; in roster order. Candidates only: the caller still applies the view's rule to each.
 */
export function rosterCandidates(state: SessionState, roomId: string, withRoom: boolean, extra: Iterable<string>): string[] {
  const index = indexOf(state);
  const ids = new Set<string>(index.staff);
  if (withRoom) for (const id of index.byRoom.get(roomId) ?? []) ids.add(id);
  for (const id of extra) ids.add(id);
  return [...ids].filter((id) => index.position.has(id)).sort((a, b) => index.position.get(a)! - index.position.get(b)!);
}
