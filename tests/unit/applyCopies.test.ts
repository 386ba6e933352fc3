import { describe, expect, it } from 'vitest';
import { applyEvent, copyData } from '../../shared/domain/apply.js';
import { emptySessionState } from '../../shared/domain/state.js';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import { decideJoin, decidePresence, decideRename, newPerson } from '../../server/capabilities/people/decide.js';

describe('[E6] applying an event never changes the event', () => {
  it('a joined person renamed and connected later leaves the person:joined event as it was logged', () => {
    const s = emptySessionState('s1');
    const log: StoredEvent[] = [];
    const commit = (events: ReturnType<typeof decideJoin>) => {
      for (const e of events) {
        const stored = { ...e, seq: s.seq + 1, at: 1000 + s.seq, by: null } as StoredEvent;
        log.push(stored);
        applyEvent(s, stored);
      }
    };
    commit(decideJoin(s, newPerson({ id: 'p1', name: 'Maria', role: 'participant', modality: 'online', at: 1 })));
    const before = JSON.stringify(log);
    commit(decideRename(s, 'p1', 'Maria G.'));
    commit(decidePresence(s, 'i-1', { p1: 2 }));
    expect(s.people.p1.name).toBe('Maria G.');
    expect(s.people.p1.connections).toEqual({ 'i-1': 2 });
    expect(JSON.stringify(log.slice(0, 1))).toBe(before);
    // Replaying the same log into a fresh state gives the same state: the log did not drift.
    const replayed = emptySessionState('s1');
    for (const e of log) applyEvent(replayed, e);
    expect(replayed).toEqual(s);
  });

  it('copies JSON data deeply and keeps a "__proto__" key as data', () => {
    const data = JSON.parse('{"a":{"b":[1,{"c":2}]},"__proto__":{"polluted":true}}');
    const copy = copyData(data);
    expect(copy).toEqual(data);
    expect(copy.a).not.toBe(data.a);
    expect(copy.a.b[1]).not.toBe(data.a.b[1]);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
  });
});
