import type { Viewer } from '../../../shared/domain/audience.js';
import { emptyRecord, own, setOwn } from '../../../shared/domain/keyed.js';
import { listsRoomPeople, participantHolds, type RosterCounts } from '../../../shared/domain/people/roster.js';
import type { Person, SessionState } from '../../../shared/domain/state.js';
import type { RosterDigestMessage } from '../../../shared/protocol/commands/people.js';
import type { SyncHook } from '../session/handlers.js';
import { rosterCandidates, rosterCountsIndexed } from './rosterIndex.js';
import type { Narrower } from '../session/visibility.js';

/**
 * The roster part of a participant's (and the projector's) view (issue 20): themself, the staff, the people of
 * their own room when that room lists its people (people/roster.ts), the requesters a help-desk person serves,
 * and the counts, instead of the whole roster of a large session. Names shown elsewhere on the phone travel with
 * their entity (queue entries, chat messages and help requests carry the name). Moderators, facilitators and
 * observers hold everything: null for them.
 */
export function heldRoster(state: SessionState, viewer: Viewer): { people: Person[]; counts: RosterCounts } | null {
  if (viewer.role !== 'participant' && viewer.role !== 'projector') return null;
  const counts = rosterCountsIndexed(state);
  const roomId = viewer.rooms[0];
  // The projector shows no people: it keeps the staff (names on the wall come with their entity).
  const lists = viewer.role === 'participant' && listsRoomPeople(counts, roomId);
  const keep = new Set<string>([viewer.personId]);
  // The help desk's rule (help/visibility.ts): support people see every request, the others their own.
  if (own(state.people, viewer.personId)?.support) {
    for (const r of Object.values(state.help.requests)) keep.add(r.personId);
  }
  const people: Person[] = [];
  // The index gives the few candidates (staff, the room's people) in roster order, not the whole roster.
  for (const id of rosterCandidates(state, roomId, lists, keep)) {
    const p = own(state.people, id);
    if (p && (keep.has(id) || participantHolds(p, roomId, lists))) people.push(p);
  }
  return { people, counts };
}

/**
 * The snapshot's roster cut to what the viewer holds, with the counts: replaced before the state is copied, so a
 * participant's snapshot of a large session never copies the whole roster. Staff notes are the moderators' own
 * (issue 17): nobody else's snapshot has them.
 */
export const narrowRoster: Narrower = (state, viewer) => {
  const notes = viewer.role === 'moderator' ? {} : { staffNotes: undefined };
  const held = heldRoster(state, viewer);
  if (!held) return notes;
  const people = emptyRecord<Person>();
  for (const p of held.people) setOwn(people, p.id, p);
  // The planned groups of everybody are the staff's; the phone needs its own ("go to Table 3").
  const mine = own(state.roomsRun.groupOf, viewer.personId);
  const groupOf = emptyRecord<string>();
  if (mine) setOwn(groupOf, viewer.personId, mine);
  return { ...notes, people, roster: held.people.map((p) => p.id), roomsRun: { ...state.roomsRun, groupOf }, rosterCounts: held.counts };
};

/**
 * A participant that caught up with events (not a snapshot) missed the digests of its time away, and no replay
 * carries the joins and connections it is not sent: a full digest brings its view of the roster up to date.
 */
export const fullDigestAfterCatchUp: SyncHook = async (ctx, sync) => {
  if (sync.snapshot || ctx.viewer.role !== 'participant') return;
  const held = heldRoster(ctx.state, ctx.viewer);
  if (!held) return;
  const digest: RosterDigestMessage = { counts: held.counts, people: held.people, full: true };
  ctx.emit({ persons: [ctx.viewer.personId] }, 'people:digest', digest);
};
