import { describe, expect, it } from 'vitest';
import { decideAdd, decideEnd, decideLower, decideNext, decideRaise, decideRemove } from '../../server/capabilities/queue/decide.js';
import { newPerson } from '../../server/capabilities/people/decide.js';
import { applyEvent } from '../../shared/domain/apply.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';
import type { NewEvent } from '../../shared/domain/eventTypes.js';
import { orderQueue, positionOf, waitingEntries } from '../../shared/domain/queue/order.js';
import type { QueueEntry } from '../../shared/domain/queue/schemas.js';
import { DomainError } from '../../shared/protocol/errors.js';

function apply(s: SessionState, events: NewEvent[], at: number) {
  for (const e of events) applyEvent(s, { seq: s.seq + 1, at, by: null, type: e.type, data: e.data });
}
const v = (personId: string, role: 'participant' | 'moderator' | 'facilitator', rooms = ['plenary']) => ({ personId, role, rooms });
function base() {
  const s = emptySessionState('s');
  s.people.a = newPerson({ id: 'a', name: 'Ana', role: 'participant', modality: 'online', at: 0 });
  s.people.b = newPerson({ id: 'b', name: 'Bo', role: 'participant', modality: 'onsite', at: 0 });
  s.people.c = newPerson({ id: 'c', name: 'Cy', role: 'participant', modality: 'onsite', at: 0 });
  s.people.f = newPerson({ id: 'f', name: 'Fa', role: 'facilitator', modality: 'onsite', at: 0 });
  s.rooms.g1 = { id: 'g1', name: 'G1', kind: 'breakout', modality: null, facilitatorId: 'f', callLink: null };
  s.people.f.roomId = 'g1';
  return s;
}
const entry = (id: string, personId: string | null, raisedAt: number, name = id): QueueEntry => ({
  id, personId, name, modality: 'onsite', raisedAt, addedBy: null,
});
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'none';
};

describe('[Q1] fair order, pure', () => {
  it('orders by raise time, first-time speakers before people who already spoke', () => {
    const es = [entry('e1', 'a', 10), entry('e2', 'b', 20), entry('e3', 'c', 30), entry('e4', null, 15, 'Zoe')];
    expect(orderQueue(es, {}).map((e) => e.id)).toEqual(['e1', 'e4', 'e2', 'e3']);
    expect(orderQueue(es, { a: 1, 'name:zoe': 2 }).map((e) => e.id)).toEqual(['e2', 'e3', 'e1', 'e4']);
  });
  it('keeps the log order on equal raise times and does not mutate its input', () => {
    const es = [entry('x', 'a', 5), entry('y', 'b', 5)];
    expect(orderQueue(es, {}).map((e) => e.id)).toEqual(['x', 'y']);
    orderQueue(es, { a: 1 });
    expect(es.map((e) => e.id)).toEqual(['x', 'y']);
  });
});

describe('[Q2] queue decisions, pure', () => {
  it('raising twice is one entry; lowering removes it; positions follow the fair order', () => {
    const s = base();
    apply(s, decideRaise(s, v('a', 'participant'), undefined, 'e1'), 100);
    expect(decideRaise(s, v('a', 'participant'), undefined, 'e9')).toEqual([]);
    apply(s, decideRaise(s, v('b', 'participant'), undefined, 'e2'), 200);
    expect(s.queues.plenary.entries.map((e) => [e.id, e.raisedAt, e.modality])).toEqual([['e1', 100, 'online'], ['e2', 200, 'onsite']]);
    expect(positionOf(s, 'plenary', 'b')).toBe(2);
    apply(s, decideLower(s, v('a', 'participant'), undefined), 300);
    expect(positionOf(s, 'plenary', 'b')).toBe(1);
    expect(positionOf(s, 'plenary', 'a')).toBeNull();
    expect(decideLower(s, v('a', 'participant'), undefined)).toEqual([]);
  });

  it('the floor goes to the first in fair order with a deadline from the event time; turns are counted', () => {
    const s = base();
    const mod = v('m', 'moderator');
    apply(s, decideRaise(s, v('a', 'participant'), undefined, 'e1'), 100);
    apply(s, decideRaise(s, v('b', 'participant'), undefined, 'e2'), 200);
    const given = decideNext(s, mod, 'plenary', undefined, 60);
    expect(given[0].audience).toEqual({ rooms: ['plenary'], roles: ['moderator'] });
    apply(s, given, 1_000);
    expect(s.queues.plenary.current).toMatchObject({ entryId: 'e1', personId: 'a', startedAt: 1_000, endsAt: 61_000 });
    // Ana raises again: she spoke already, so Bo (raised later, first time) comes first.
    apply(s, decideRaise(s, v('a', 'participant'), undefined, 'e3'), 1_100);
    expect(positionOf(s, 'plenary', 'a')).toBe(2);
    apply(s, decideNext(s, mod, 'plenary', undefined, undefined), 2_000);
    expect(s.queues.plenary.current).toMatchObject({ personId: 'b', endsAt: null });
    expect(s.queues.plenary.spoken).toEqual({ a: 1, b: 1 });
    expect(s.queues.plenary.turnsByModality).toEqual({ online: 1, onsite: 1 });
    apply(s, decideEnd(s, mod, 'plenary'), 3_000);
    expect(s.queues.plenary.current).toBeNull();
    expect(decideEnd(s, mod, 'plenary')).toEqual([]);
    apply(s, decideNext(s, mod, 'plenary', undefined, undefined), 4_000);
    expect(code(() => decideNext(s, mod, 'plenary', undefined, undefined))).toBe('CONFLICT');
  });

  it('entries added by name are kept distinct; chosen entry and removal; only steering roles may act', () => {
    const s = base();
    const fac = v('f', 'facilitator', ['g1']);
    apply(s, decideAdd(s, fac, 'g1', 'n1', 'Zoe', 'onsite'), 10);
    apply(s, decideRaise(s, fac, undefined, 'e1'), 20);
    expect(s.queues.g1.entries[0]).toMatchObject({ personId: null, name: 'Zoe', addedBy: 'f' });
    expect(code(() => decideAdd(s, fac, 'plenary', 'n2', 'X', 'onsite'))).toBe('FORBIDDEN');
    expect(code(() => decideNext(s, v('a', 'participant'), 'plenary', undefined, undefined))).toBe('FORBIDDEN');
    expect(code(() => decideRaise(s, v('a', 'participant'), 'g1', 'x'))).toBe('FORBIDDEN');
    expect(code(() => decideRemove(s, fac, 'g1', 'nope'))).toBe('NOT_FOUND');
    apply(s, decideNext(s, fac, 'g1', 'e1', 30), 100);
    expect(s.queues.g1.current).toMatchObject({ personId: 'f', endsAt: 30_100 });
    apply(s, decideRemove(s, fac, 'g1', 'n1'), 200);
    expect(s.queues.g1.entries).toEqual([]);
  });

  it('a person who left the room (moved, removed) is skipped but keeps the hand for when they return', () => {
    const s = base();
    const mod = v('m', 'moderator');
    apply(s, decideRaise(s, v('a', 'participant'), undefined, 'e1'), 100);
    apply(s, decideRaise(s, v('b', 'participant'), undefined, 'e2'), 200);
    s.people.a.roomId = 'g1'; // moved to a breakout
    expect(waitingEntries(s, 'plenary').map((e) => e.id)).toEqual(['e2']);
    expect(positionOf(s, 'plenary', 'b')).toBe(1);
    apply(s, decideNext(s, mod, 'plenary', undefined, undefined), 300);
    expect(s.queues.plenary.current?.personId).toBe('b');
    expect(code(() => decideNext(s, mod, 'plenary', 'e1', undefined))).toBe('NOT_FOUND');
    s.people.a.roomId = 'plenary'; // back after the recall: the hand is still up
    expect(positionOf(s, 'plenary', 'a')).toBe(1);
    s.people.a.removed = true;
    expect(waitingEntries(s, 'plenary')).toEqual([]);
  });
});
