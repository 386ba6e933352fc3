import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideInstanceGone, decideJoin, decidePresence, decideRemove, decideSetRole, newPerson } from '../../server/capabilities/people/decide.js';
import { decideAssign, decideCreateRoom, decideMove } from '../../server/capabilities/rooms/decide.js';
import { heldRoster } from '../../server/capabilities/people/visibility.js';
import { noteRosterEvents, rosterCountsIndexed } from '../../server/capabilities/people/rosterIndex.js';
import { applyEvent } from '../../shared/domain/apply.js';
import type { NewEvent, StoredEvent } from '../../shared/domain/eventTypes.js';
import { countRoster, listsRoomPeople, participantHolds, SMALL_PLENARY } from '../../shared/domain/people/roster.js';
import { own } from '../../shared/domain/keyed.js';
import type { Viewer } from '../../shared/domain/audience.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';

/** The participant view's roster as it was computed before the index: a walk over the whole roster. */
function heldByWalk(state: SessionState, viewer: Viewer): string[] {
  const counts = countRoster(state);
  const roomId = viewer.rooms[0];
  const lists = viewer.role === 'participant' && listsRoomPeople(counts, roomId);
  return state.roster.filter((id) => {
    const p = own(state.people, id);
    return p && (id === viewer.personId || participantHolds(p, roomId, lists));
  });
}

function commit(state: SessionState, events: NewEvent[], at: number): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (const e of events) {
    const stored = { ...e, seq: state.seq + 1, at, by: null } as StoredEvent;
    applyEvent(state, stored);
    out.push(stored);
  }
  return out;
}

type Step =
  | { kind: 'join'; role: 'participant' | 'facilitator' | 'observer'; onsite: boolean }
  | { kind: 'presence'; who: number; count: number; instance: number }
  | { kind: 'gone'; instance: number }
  | { kind: 'remove'; who: number }
  | { kind: 'role'; who: number; role: 'participant' | 'facilitator' | 'observer' }
  | { kind: 'assign'; who: number; toRoom: boolean }
  | { kind: 'move'; open: boolean }
  | { kind: 'view' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('join' as const), role: fc.constantFrom('participant' as const, 'participant' as const, 'facilitator' as const, 'observer' as const), onsite: fc.boolean() }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('presence' as const), who: fc.nat(3), count: fc.nat(2), instance: fc.nat(1) }) },
  fc.record({ kind: fc.constant('gone' as const), instance: fc.nat(1) }),
  fc.record({ kind: fc.constant('remove' as const), who: fc.nat(40) }),
  fc.record({ kind: fc.constant('role' as const), who: fc.nat(40), role: fc.constantFrom('participant' as const, 'facilitator' as const, 'observer' as const) }),
  fc.record({ kind: fc.constant('assign' as const), who: fc.nat(40), toRoom: fc.boolean() }),
  fc.record({ kind: fc.constant('move' as const), open: fc.boolean() }),
  { weight: 3, arbitrary: fc.constant({ kind: 'view' as const }) },
);

describe('[RI] the roster index equals a walk over the roster (issue 20, joins that scale)', () => {
  it('counts and participant views after any sequence of joins, connections, removals, role and room changes', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), fc.boolean(), (steps, large) => {
        const s = emptySessionState('s');
        let at = 1;
        const apply = (events: NewEvent[]) => noteRosterEvents(s, commit(s, events, at++));
        apply(decideJoin(s, newPerson({ id: 'm', name: 'M', role: 'moderator', side: 'onsite', modality: 'onsite', at })));
        apply(decideCreateRoom(s, 'Table 1', null, null));
        const roomId = s.roomOrder.find((id) => id !== 'plenary')!;
        // A large session (past SMALL_PLENARY) has participants' plenary views cut to the staff and oneself.
        if (large) for (let i = 0; i < SMALL_PLENARY; i++) apply(decideJoin(s, newPerson({ id: `bulk${i}`, name: `B${i}`, role: 'participant', modality: 'online', at })));
        let n = 0;
        const ids = () => s.roster.filter((id) => id !== 'm');
        const pick = (k: number) => ids()[k % Math.max(1, ids().length)];
        for (const st of steps) {
          const who = 'who' in st ? pick(st.who) : undefined;
          try {
            if (st.kind === 'join') apply(decideJoin(s, newPerson({ id: `p${n++}`, name: `P${n}`, role: st.role, modality: st.onsite ? 'onsite' : 'online', at })));
            else if (st.kind === 'presence' && who) apply(decidePresence(s, `i${st.instance}`, { [who]: st.count }));
            else if (st.kind === 'gone') apply(decideInstanceGone(s, `i${st.instance}`));
            else if (st.kind === 'remove' && who) apply(decideRemove(s, 'm', who, 'test'));
            else if (st.kind === 'role' && who) apply(decideSetRole(s, who, st.role));
            else if (st.kind === 'assign' && who) apply(decideAssign(s, who, st.toRoom ? roomId : null));
            else if (st.kind === 'move') apply(decideMove(s, st.open ? 'open' : 'recall', 0, 0, `mv${at}`, at));
            else if (st.kind === 'view') {
              // Reads in between build the index at the current seq; the next events then update it in place.
              rosterCountsIndexed(s);
            }
          } catch {
            // A refused decision (e.g. removing a moderator, recalling when closed) changes nothing.
          }
          expect(rosterCountsIndexed(s)).toEqual(countRoster(s));
          for (const id of ids().slice(0, 4)) {
            const p = own(s.people, id)!;
            const viewer: Viewer = { personId: id, role: 'participant', rooms: [p.roomId] };
            expect(heldRoster(s, viewer)!.people.map((x) => x.id)).toEqual(heldByWalk(s, viewer));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
