import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../shared/domain/apply.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';
import type { NewEvent, StoredEvent } from '../../shared/domain/eventTypes.js';
import { canSee } from '../../shared/domain/audience.js';
import { decideJoin, decidePresence, newPerson } from '../../server/capabilities/people/decide.js';
import { heldRoster } from '../../server/capabilities/people/visibility.js';
import { applyRosterDigest, SMALL_PLENARY } from '../../shared/domain/people/roster.js';

function commit(state: SessionState, events: NewEvent[]): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (const e of events) {
    const stored = { ...e, seq: state.seq + 1, at: 1, by: null } as StoredEvent;
    applyEvent(state, stored);
    out.push(stored);
  }
  return out;
}

function session(participants: number): SessionState {
  const s = emptySessionState('s1');
  commit(s, decideJoin(s, newPerson({ id: 'm1', name: 'Amira', role: 'moderator', side: 'onsite', modality: 'onsite', at: 1 })));
  for (let i = 0; i < participants; i++) commit(s, decideJoin(s, newPerson({ id: `p${i}`, name: `P${i}`, role: 'participant', modality: 'online', at: 2 })));
  return s;
}

const participant = (id: string, room = 'plenary') => ({ personId: id, role: 'participant' as const, rooms: [room] });

describe('[JS3] roster news and the participant view (issue 20)', () => {
  it('a join and connection counts reach the staff and the newcomer, not the other participants', () => {
    const s = session(2);
    const [joined] = commit(s, decideJoin(s, newPerson({ id: 'p9', name: 'New', role: 'participant', modality: 'onsite', at: 3 })));
    expect(canSee(joined.audience, participant('p9'))).toBe(true);
    expect(canSee(joined.audience, participant('p0'))).toBe(false);
    for (const role of ['moderator', 'facilitator', 'observer'] as const) expect(canSee(joined.audience, { personId: 'x', role, rooms: ['plenary'] })).toBe(true);
    const [presence] = commit(s, decidePresence(s, 'i1', { p9: 1 }));
    expect(canSee(presence.audience, participant('p9'))).toBe(false);
    expect(canSee(presence.audience, { personId: 'm1', role: 'moderator', rooms: ['plenary'] })).toBe(true);
  });

  it('a small plenary is listed whole; a large one only the staff and oneself, with the counts', () => {
    const small = heldRoster(session(3), participant('p0'))!;
    expect(small.people.map((p) => p.id)).toEqual(['m1', 'p0', 'p1', 'p2']);
    const large = heldRoster(session(SMALL_PLENARY), participant('p5'))!;
    expect(large.people.map((p) => p.id)).toEqual(['m1', 'p5']);
    expect(large.counts).toEqual({ people: SMALL_PLENARY + 1, onsite: 1, online: SMALL_PLENARY, connected: 0 });
    expect(heldRoster(session(3), { personId: 'm1', role: 'moderator', rooms: ['plenary'] })).toBeNull();
  });

  it('a digest puts people and counts; a full one replaces the view; twice is once', () => {
    const s = session(3);
    const phone = structuredClone(s);
    const held = heldRoster(s, participant('p0'))!;
    const renamed = { ...s.people.p1, name: 'P1 renamed' };
    const added = { ...s.people.p2, id: 'p7', name: 'Later' };
    const digest = { counts: { ...held.counts, people: 5 }, people: [renamed, added], full: false };
    applyRosterDigest(phone, digest);
    applyRosterDigest(phone, digest);
    expect(phone.people.p1.name).toBe('P1 renamed');
    expect(phone.roster).toEqual(['m1', 'p0', 'p1', 'p2', 'p7']);
    expect(phone.rosterCounts!.people).toBe(5);
    applyRosterDigest(phone, { counts: held.counts, people: [s.people.m1, s.people.p0], full: true });
    expect(phone.roster).toEqual(['m1', 'p0']);
    expect(Object.keys(phone.people).sort()).toEqual(['m1', 'p0']);
  });
});
