import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../shared/domain/apply.js';
import { emptySessionState, isConnected, roleLabel, type SessionState } from '../../shared/domain/state.js';
import type { NewEvent, StoredEvent } from '../../shared/domain/eventTypes.js';
import { decideInstanceGone, decideJoin, decidePresence, decideRemove, decideRename, decideSetLabel, decideSetRole, newPerson } from '../../server/capabilities/people/decide.js';
import { DomainError } from '../../shared/protocol/errors.js';

/** Applies decided events as the log would (sequence numbers in order). */
function commit(state: SessionState, events: NewEvent[], at = 1000): SessionState {
  for (const e of events) applyEvent(state, { ...e, seq: state.seq + 1, at, by: null } as StoredEvent);
  return state;
}

function withPeople(): SessionState {
  const s = emptySessionState('s1');
  commit(s, decideJoin(s, newPerson({ id: 'm1', name: 'Amira', role: 'moderator', side: 'onsite', modality: 'onsite', at: 1 })));
  commit(s, decideJoin(s, newPerson({ id: 'p1', name: 'Maria', role: 'participant', modality: 'online', at: 2 })));
  commit(s, decideJoin(s, newPerson({ id: 'p2', name: 'Jon', role: 'observer', modality: 'online', label: 'press', at: 3 })));
  return s;
}

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return null;
};

describe('[U1] people: pure decisions and appliers', () => {
  it('keeps the roster in join order and labels roles', () => {
    const s = withPeople();
    expect(s.roster).toEqual(['m1', 'p1', 'p2']);
    expect(s.seq).toBe(3);
    expect(roleLabel(s.people.p2)).toBe('Observer, press');
    expect(roleLabel(s.people.m1)).toBe('Onsite moderator');
  });

  it('renames, labels, promotes; no-ops produce no event', () => {
    const s = withPeople();
    commit(s, decideRename(s, 'p1', 'Maria G.'));
    expect(s.people.p1.name).toBe('Maria G.');
    expect(decideRename(s, 'p1', 'Maria G.')).toEqual([]);
    commit(s, decideSetRole(s, 'p1', 'facilitator'));
    expect(roleLabel(s.people.p1)).toBe('Facilitator');
    expect(decideSetRole(s, 'p1', 'facilitator')).toEqual([]);
    commit(s, decideSetLabel(s, 'p1', 'table 3'));
    expect(roleLabel(s.people.p1)).toBe('Facilitator, table 3');
  });

  it('refuses unknown people, changing a moderator, and removing oneself or a moderator', () => {
    const s = withPeople();
    expect(code(() => decideRename(s, 'nobody', 'X'))).toBe('NOT_FOUND');
    expect(code(() => decideSetRole(s, 'm1', 'participant'))).toBe('CONFLICT');
    expect(code(() => decideRemove(s, 'm1', 'm1', 'x'))).toBe('CONFLICT');
    expect(code(() => decideRemove(s, 'p1', 'm1', 'x'))).toBe('FORBIDDEN');
  });

  it('removal marks the person removed, clears presence, and makes them a NOT_FOUND target', () => {
    const s = withPeople();
    commit(s, decidePresence(s, 'i-a', { p1: 2 }));
    expect(isConnected(s.people.p1)).toBe(true);
    commit(s, decideRemove(s, 'm1', 'p1', 'code of conduct'));
    expect(s.people.p1.removed).toBe(true);
    expect(isConnected(s.people.p1)).toBe(false);
    expect(code(() => decideRename(s, 'p1', 'Y'))).toBe('NOT_FOUND');
    expect(decidePresence(s, 'i-a', { p1: 1 })).toEqual([]);
  });

  it('presence counts per instance; an absolute count replays idempotently; a dead instance is cleared', () => {
    const s = withPeople();
    commit(s, decidePresence(s, 'i-a', { p1: 1, p2: 1 }));
    commit(s, decidePresence(s, 'i-b', { p1: 1 }));
    expect(decidePresence(s, 'i-b', { p1: 1, nobody: 3 })).toEqual([]);
    const batch = decidePresence(s, 'i-a', { p1: 0, p2: 1 });
    expect(batch).toHaveLength(1);
    expect(batch[0].data).toEqual({ instanceId: 'i-a', counts: { p1: 0 } });
    commit(s, batch);
    expect(isConnected(s.people.p1)).toBe(true);
    expect(decideInstanceGone(s, 'i-c')).toEqual([]);
    commit(s, decideInstanceGone(s, 'i-b'));
    expect(isConnected(s.people.p1)).toBe(false);
    expect(isConnected(s.people.p2)).toBe(true);
  });

  it('ignores an event at or below the applied sequence number', () => {
    const s = withPeople();
    const before = structuredClone(s);
    expect(applyEvent(s, { seq: 2, at: 0, by: null, type: 'person:renamed', data: { personId: 'p1', name: 'Replay' } })).toBe(false);
    expect(s).toEqual(before);
  });

  it('skips an unknown event type but keeps the sequence moving (newer server)', () => {
    const s = withPeople();
    expect(applyEvent(s, { seq: 4, at: 0, by: null, type: 'future:thing', data: {} })).toBe(true);
    expect(s.seq).toBe(4);
  });
});
