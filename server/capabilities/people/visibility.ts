import type { Viewer } from '../../../shared/domain/audience.js';
import { emptyRecord, own, setOwn } from '../../../shared/domain/keyed.js';
import { countRoster, listsRoomPeople, participantHolds, type RosterCounts } from '../../../shared/domain/people/roster.js';
import type { Person, SessionState } from '../../../shared/domain/state.js';
import type { RosterDigestMessage } from '../../../shared/protocol/commands/people.js';
import { registerSyncHook } from '../session/handlers.js';

/**
 * The roster part of a participant's (and the projector's) view (issue 20): themself, the staff, the people of
 * their own room when that room lists its people (people/roster.ts), the requesters a help-desk person serves,
 * and the counts, instead of the whole roster of a large session. Names shown elsewhere on the phone travel with
 * their entity (queue entries, chat messages and help requests carry the name). Moderators, facilitators and
 * observers hold everything: null for them.
 */
export function heldRoster(state: SessionState, viewer: Viewer): { people: Person[]; counts: RosterCounts } | null {
  if (viewer.role !== 'participant' && viewer.role !== 'projector') return null;
  const counts = countRoster(state);
  const roomId = viewer.rooms[0];
  // The projector shows no people: it keeps the staff (names on the wall come with their entity).
  const lists = viewer.role === 'participant' && listsRoomPeople(counts, roomId);
  const keep = new Set<string>([viewer.personId]);
  // The help desk's rule (redactors.ts): support people see every request, the others their own.
  if (own(state.people, viewer.personId)?.support) {
    for (const r of Object.values(state.help.requests)) keep.add(r.personId);
  }
  const people: Person[] = [];
  for (const id of state.roster) {
    const p = own(state.people, id);
    if (p && (keep.has(id) || participantHolds(p, roomId, lists))) people.push(p);
  }
  return { people, counts };
}

/** The snapshot redactor: the roster cut to what the viewer holds, with the counts. */
export function redactRoster(state: SessionState, viewer: Viewer): void {
  const held = heldRoster(state, viewer);
  if (!held) return;
  const people = emptyRecord<Person>();
  for (const p of held.people) setOwn(people, p.id, p);
  state.people = people;
  state.roster = held.people.map((p) => p.id);
  // The planned groups of everybody are the staff's; the phone needs its own ("go to Table 3").
  const mine = own(state.roomsRun.groupOf, viewer.personId);
  state.roomsRun.groupOf = emptyRecord();
  if (mine) setOwn(state.roomsRun.groupOf, viewer.personId, mine);
  state.rosterCounts = held.counts;
}

/**
 * A participant that caught up with events (not a snapshot) missed the digests of its time away, and no replay
 * carries the joins and connections it is not sent: a full digest brings its view of the roster up to date.
 */
registerSyncHook(async (ctx, sync) => {
  if (sync.snapshot || ctx.viewer.role !== 'participant') return;
  const held = heldRoster(ctx.state, ctx.viewer);
  if (!held) return;
  const digest: RosterDigestMessage = { counts: held.counts, people: held.people, full: true };
  ctx.emit({ persons: [ctx.viewer.personId] }, 'people:digest', digest);
});
