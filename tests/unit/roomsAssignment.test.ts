import { describe, expect, it } from 'vitest';
import { balancedGroups, groupCountFor, shuffle, tablesAndOnline } from '../../server/capabilities/rooms/assignment.js';
import { decideAutoAssign, decideDue, decideMove } from '../../server/capabilities/rooms/decide.js';
import { newPerson } from '../../server/capabilities/people/decide.js';
import { applyEvent } from '../../shared/domain/apply.js';
import { emptySessionState, PLENARY_ID, type Person, type SessionState } from '../../shared/domain/state.js';
import type { NewEvent } from '../../shared/domain/eventTypes.js';

function seeded(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}
const person = (i: number, modality: 'onsite' | 'online', extra: Partial<Person> = {}): Person => ({
  ...newPerson({ id: `p${i}`, name: `P${i}`, role: 'participant', modality, at: 0 }),
  ...extra,
});
function stateWith(people: Person[]): SessionState {
  const s = emptySessionState('s');
  for (const p of people) {
    s.people[p.id] = p;
    s.roster.push(p.id);
  }
  return s;
}
function apply(s: SessionState, events: NewEvent[], at = 1000) {
  for (const e of events) applyEvent(s, { seq: s.seq + 1, at, by: null, type: e.type, data: e.data });

}

describe('[R1] pure assignment', () => {
  it('balanced groups differ in size by at most one, for every count', () => {
    for (let n = 1; n <= 30; n++)
      for (let k = 1; k <= 7; k++) {
        const groups = balancedGroups(Array.from({ length: n }, (_, i) => person(i, 'online')), k, seeded(n * 10 + k));
        const sizes = groups.map((g) => g.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      }
  });
  it('facilitators are spread one per group first', () => {
    const people = [...Array.from({ length: 9 }, (_, i) => person(i, 'online')), person(100, 'online', { role: 'facilitator' }), person(101, 'online', { role: 'facilitator' })];
    const groups = balancedGroups(people, 2, seeded(3));
    for (const g of groups) expect(g.filter((id) => id.startsWith('p10')).length).toBe(1);
  });
  it('shuffle is a permutation', () => {
    expect(shuffle([1, 2, 3, 4, 5], seeded(1)).sort()).toEqual([1, 2, 3, 4, 5]);
  });
  it('tables and online never mixes modalities', () => {
    const people = [person(1, 'onsite', { table: '2' }), person(2, 'onsite', { table: '10' }), person(3, 'onsite'), person(4, 'online'), person(5, 'online'), person(6, 'online', { table: '2' })];
    const slots = tablesAndOnline(people, 4, seeded(9));
    for (const s of slots) for (const m of s.members) expect(people.find((p) => p.id === m)!.modality).toBe(s.modality);
    expect(slots.map((s) => s.name)).toEqual(['Table 2', 'Table 10', 'Onsite group 1', 'Online group 1']);
    expect(groupCountFor(0, 5)).toBe(0);
  });
});

describe('[R4] open and recall, pure', () => {
  it('a scheduled recall is due once, and moves everyone to the plenary', () => {
    const s = stateWith([person(1, 'online'), person(2, 'onsite')]);
    apply(s, decideAutoAssign(s, { mode: 'balanced', groups: 2 }, seeded(2)));
    expect(Object.keys(s.roomsRun.groupOf)).toHaveLength(2);
    apply(s, decideMove(s, 'open', 0, 10, 'm1', 1000), 1000);
    expect(s.roomsRun.breakoutEndsAt).toBe(1000 + 10 * 60_000);
    expect(s.people.p1.roomId).not.toBe(PLENARY_ID);
    apply(s, decideMove(s, 'recall', 30, 0, 'm2', 2000));
    expect(decideDue(s, 2000 + 29_999)).toEqual([]);
    const due = decideDue(s, 2000 + 30_000);
    expect(due).toHaveLength(1);
    apply(s, due);
    expect(decideDue(s, 99_999_999)).toEqual([]);
    expect(s.people.p1.roomId).toBe(PLENARY_ID);
    expect(s.people.p2.roomId).toBe(PLENARY_ID);
    expect(() => decideMove(s, 'recall', 0, 0, 'm3', 0)).toThrow();
  });
});
