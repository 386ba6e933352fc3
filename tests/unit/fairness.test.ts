import { describe, expect, it } from 'vitest';
import { decideAdd, decideEnd, decideNext, decideRaise } from '../../server/capabilities/queue/decide.js';
import { decideAutoEnd, decideExtend, decideInvite, decideSettings } from '../../server/capabilities/queue/turns.js';
import { newPerson } from '../../server/capabilities/people/decide.js';
import { applyEvent } from '../../shared/domain/apply.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';
import type { NewEvent } from '../../shared/domain/eventTypes.js';
import { orderQueue } from '../../shared/domain/queue/order.js';
import { notYetSpoken, roomFairness } from '../../shared/domain/queue/fairness.js';
import type { QueueEntry } from '../../shared/domain/queue/schemas.js';
import type { DomainError } from '../../shared/protocol/errors.js';

function apply(s: SessionState, events: NewEvent[], at: number) {
  for (const e of events) applyEvent(s, { seq: s.seq + 1, at, by: null, type: e.type, data: e.data });
}
const mod = { personId: 'm', role: 'moderator' as const, rooms: ['plenary'] };
const me = (id: string) => ({ personId: id, role: 'participant' as const, rooms: ['plenary'] });
function base() {
  const s = emptySessionState('s');
  for (const [id, name, modality] of [['a', 'Ana', 'online'], ['b', 'Bo', 'onsite'], ['c', 'Cy', 'onsite']] as const) {
    s.people[id] = newPerson({ id, name, role: 'participant', modality, at: 0 });
    s.people[id].connections = { i1: 1 };
    s.roster.push(id);
  }
  return s;
}
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'none';
};
const entry = (id: string, modality: 'onsite' | 'online', raisedAt: number, personId: string | null = id): QueueEntry => ({
  id, personId, name: id, modality, raisedAt, addedBy: null,
});

describe('[F1] speaking time, pure', () => {
  it('counts each turn from the floor given to its end (explicit end, next speaker) per speaker and modality, to the ms', () => {
    const s = base();
    apply(s, decideRaise(s, me('a'), undefined, 'e1'), 100);
    apply(s, decideRaise(s, me('b'), undefined, 'e2'), 110);
    apply(s, decideAdd(s, mod, 'plenary', 'n1', 'Zoe', 'onsite'), 120);
    apply(s, decideNext(s, mod, 'plenary', undefined, 60, null), 1_000);
    const next = decideNext(s, mod, 'plenary', undefined, undefined, 'e1');
    // The previous turn ends in its own self-describing event.
    expect(next.map((e) => e.type)).toEqual(['queue:turnEnded', 'queue:floorGiven']);
    expect(next[0].data).toMatchObject({ roomId: 'plenary', entryId: 'e1', personId: 'a', name: 'Ana', modality: 'online', startedAt: 1_000, reason: 'next' });
    apply(s, next, 4_321);
    apply(s, decideNext(s, mod, 'plenary', undefined, undefined, 'e2'), 5_000);
    apply(s, decideEnd(s, mod, 'plenary'), 5_007);
    const q = s.queues.plenary;
    expect(q.spokenMs).toEqual({ a: 3_321, b: 679, 'name:zoe': 7 });
    expect(q.msByModality).toEqual({ online: 3_321, onsite: 686 });
    const f = roomFairness(s, 'plenary', 9_999);
    expect(f.totalMs).toBe(4_007);
    expect(f.speakers.map((r) => [r.name, r.turns, r.ms])).toEqual([['Ana', 1, 3_321], ['Bo', 1, 679], ['Zoe', 1, 7]]);
    expect(f.presentBySide).toEqual({ online: 1, onsite: 2 });
  });

  it('a running turn counts up to now in the panel, not in the state', () => {
    const s = base();
    apply(s, decideRaise(s, me('c'), undefined, 'e1'), 0);
    apply(s, decideNext(s, mod, 'plenary', undefined, undefined), 1_000);
    expect(roomFairness(s, 'plenary', 1_250).speakers[0]).toMatchObject({ personId: 'c', ms: 250, turns: 1 });
    expect(s.queues.plenary.spokenMs).toEqual({});
  });
});

describe('[F2] not yet spoken, duplicates, concurrent floor', () => {
  it('lists the present people without a turn in the room: join, leave, move and turn change it', () => {
    const s = base();
    expect(notYetSpoken(s, 'plenary').map((p) => p.id)).toEqual(['a', 'b', 'c']);
    s.people.b.connections = { i1: 0 }; // left (no connection open)
    s.people.c.roomId = 'g1'; // moved
    expect(notYetSpoken(s, 'plenary').map((p) => p.id)).toEqual(['a']);
    apply(s, decideRaise(s, me('a'), undefined, 'e1'), 0);
    apply(s, decideNext(s, mod, 'plenary', undefined, undefined), 10);
    expect(notYetSpoken(s, 'plenary')).toEqual([]);
    expect(code(() => decideInvite(s, mod, 'plenary', 'a', 'x'))).toBe('CONFLICT');
    s.people.b.connections = { i2: 1 };
    const inv = decideInvite(s, mod, 'plenary', 'b', 'e2');
    expect(inv[0].data).toMatchObject({ personId: 'b', addedBy: 'm', invited: true });
  });

  it('a by-name entry under a waiting name is refused with DUPLICATE_NAME unless confirmed, then counted apart', () => {
    const s = base();
    apply(s, decideAdd(s, mod, 'plenary', 'n1', 'Zoe', 'onsite'), 0);
    expect(code(() => decideAdd(s, mod, 'plenary', 'n2', ' zoe ', 'onsite'))).toBe('DUPLICATE_NAME');
    apply(s, decideAdd(s, mod, 'plenary', 'n2', 'Zoe', 'onsite', true), 1);
    apply(s, decideNext(s, mod, 'plenary', 'n1', undefined), 10);
    apply(s, decideNext(s, mod, 'plenary', 'n2', undefined), 20);
    apply(s, decideEnd(s, mod, 'plenary'), 50);
    expect(s.queues.plenary.spoken).toEqual({ 'name:zoe': 1, 'name:zoe#n2': 1 });
    expect(s.queues.plenary.spokenMs).toEqual({ 'name:zoe': 10, 'name:zoe#n2': 30 });
  });

  it('giving the floor checks the turn the sender saw', () => {
    const s = base();
    apply(s, decideRaise(s, me('a'), undefined, 'e1'), 0);
    apply(s, decideRaise(s, me('b'), undefined, 'e2'), 0);
    apply(s, decideNext(s, mod, 'plenary', undefined, undefined, null), 10);
    // A second moderator who saw nobody speaking is refused: the floor is no longer free.
    expect(code(() => decideNext(s, mod, 'plenary', undefined, undefined, null))).toBe('CONFLICT');
    expect(decideNext(s, mod, 'plenary', undefined, undefined, 'e1')).toHaveLength(2);
  });
});

describe('[F3] turn time, pure', () => {
  it('more time moves the deadline; auto-end ends at deadline + grace exactly, once', () => {
    const s = base();
    apply(s, decideRaise(s, me('a'), undefined, 'e1'), 0);
    apply(s, decideNext(s, mod, 'plenary', undefined, 30), 1_000);
    apply(s, decideExtend(s, mod, 'plenary', 'e1', 20, 5_000), 5_000);
    expect(s.queues.plenary.current!.endsAt).toBe(51_000);
    expect(code(() => decideExtend(s, mod, 'plenary', 'other', 20, 5_000))).toBe('CONFLICT');
    expect(decideAutoEnd(s, 'plenary', 'e1', 999_999)).toEqual([]); // auto-end is off by default
    apply(s, decideSettings(s, { autoEndGraceSeconds: 5 }), 6_000);
    expect(decideSettings(s, { autoEndGraceSeconds: 5 })).toEqual([]);
    expect(decideAutoEnd(s, 'plenary', 'e1', 55_999)).toEqual([]);
    const end = decideAutoEnd(s, 'plenary', 'e1', 57_400);
    expect(end[0].data).toMatchObject({ reason: 'auto', endedAt: 56_000, durationMs: 55_000 });
    apply(s, end, 57_400);
    expect(s.queues.plenary.spokenMs).toEqual({ a: 55_000 });
    expect(decideAutoEnd(s, 'plenary', 'e1', 60_000)).toEqual([]);
  });
});

describe('[F4] alternating hall and online, pure', () => {
  it('alternates a mixed queue hall/online/hall/online within first-time speakers first', () => {
    const es = [entry('h1', 'onsite', 1), entry('h2', 'onsite', 2), entry('h3', 'onsite', 3), entry('o1', 'online', 4), entry('o2', 'online', 5)];
    expect(orderQueue(es, {}, true).map((e) => e.id)).toEqual(['h1', 'o1', 'h2', 'o2', 'h3']);
    expect(orderQueue(es, {}, false).map((e) => e.id)).toEqual(['h1', 'h2', 'h3', 'o1', 'o2']);
    // h1 spoke already: the first-time tier alternates first, h1 comes after it.
    expect(orderQueue(es, { h1: 1 }, true).map((e) => e.id)).toEqual(['h2', 'o1', 'h3', 'o2', 'h1']);
  });
  it('carries the alternation on from the side of the last turn', () => {
    const es = [entry('h2', 'onsite', 2), entry('h3', 'onsite', 3), entry('o1', 'online', 4), entry('o2', 'online', 5)];
    expect(orderQueue(es, {}, true, 'onsite').map((e) => e.id)).toEqual(['o1', 'h2', 'o2', 'h3']);
    expect(orderQueue(es, {}, true, 'online').map((e) => e.id)).toEqual(['h2', 'o1', 'h3', 'o2']);
  });
  it('falls back to raise order when one side is empty', () => {
    const es = [entry('h2', 'onsite', 2), entry('h1', 'onsite', 1), entry('h3', 'onsite', 3)];
    expect(orderQueue(es, {}, true).map((e) => e.id)).toEqual(['h1', 'h2', 'h3']);
  });
});
