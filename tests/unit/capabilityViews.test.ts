import { describe, expect, it } from 'vitest';
import { newPerson } from '../../server/capabilities/people/decide.js';
import { visibleState } from '../../server/capabilities/session/visibility.js';
import { CAPABILITY_VIEWS, MEMBERSHIP_WIDE } from '../../server/capabilities/views.js';
import type { Viewer } from '../../shared/domain/audience.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';

/**
 * A state with something in every part a narrower or redactor cuts: people and staff notes, chat and queues in two
 * rooms, profile answers, help requests, bridge messages, worksheet locks, a draft and an open poll.
 */
function fullState(participants = 4): SessionState {
  const s = emptySessionState('s');
  const add = (id: string, role: 'moderator' | 'facilitator' | 'participant' | 'observer', roomId = 'plenary') => {
    s.people[id] = { ...newPerson({ id, name: id.toUpperCase(), role, modality: 'online', at: 0 }), roomId };
    s.roster.push(id);
  };
  add('m', 'moderator');
  add('f', 'facilitator', 'room-1');
  add('o', 'observer');
  for (let i = 0; i < participants; i++) add(`p${i}`, 'participant', i % 2 ? 'room-1' : 'plenary');
  s.rooms['room-1'] = { id: 'room-1', name: 'G1', kind: 'breakout', modality: null, facilitatorId: 'f', callLink: null };
  s.roomOrder.push('room-1');
  s.roomsRun.groupOf = { p1: 'room-1', p3: 'room-1' };
  s.staffNotes = { p0: 'needs a hearing loop' };
  const msg = (id: string, roomId: string) => ({ id, roomId, personId: 'p0', name: 'P0', text: `hello ${id}`, at: 1 });
  s.chat = { plenary: [msg('c1', 'plenary')], 'room-1': [msg('c2', 'room-1')] } as unknown as SessionState['chat'];
  const queue = () => ({ entries: [], current: null, spoken: { p0: 1 }, turnsByModality: { onsite: 0, online: 1 } });
  s.queues = { plenary: queue(), 'room-1': queue() };
  s.profile = { questions: [], answers: { p0: [1], p1: [0] }, composition: null };
  s.help = { requests: { r1: { id: 'r1', personId: 'p0', name: 'P0', text: 'no sound', status: 'open', at: 1 } }, order: ['r1'] } as unknown as SessionState['help'];
  s.bridge.messages = [{ id: 'b1', text: 'staff only', toFacilitators: false }, { id: 'b2', text: 'to facilitators', toFacilitators: true }] as unknown as SessionState['bridge']['messages'];
  s.worksheetLocks = { 'room-1': { by: 'f', at: 1 } };
  const poll = (id: string, status: 'draft' | 'open') => ({ id, status, question: id, target: { kind: 'plenary' }, resultsVisibility: 'live', deadline: null });
  s.polls = { q1: poll('q1', 'draft'), q2: poll('q2', 'open') } as unknown as SessionState['polls'];
  s.pollOrder = ['q1', 'q2'];
  return s;
}

const VIEWERS: Viewer[] = [
  { personId: 'm', role: 'moderator', rooms: ['plenary'] },
  { personId: 'f', role: 'facilitator', rooms: ['room-1'] },
  { personId: 'o', role: 'observer', rooms: ['plenary'] },
  { personId: 'p0', role: 'participant', rooms: ['plenary'] },
  { personId: 'p1', role: 'participant', rooms: ['room-1'] },
  { personId: 'wall', role: 'projector', rooms: ['plenary'] },
];

/** Every object and array reachable from `root`. */
function objectsOf(root: unknown, out = new Set<object>()): Set<object> {
  if (root === null || typeof root !== 'object' || out.has(root)) return out;
  out.add(root);
  for (const v of Object.values(root)) objectsOf(v, out);
  return out;
}

describe('[CV] capability views: narrowed before the copy, never touching the live state (issue 20)', () => {
  it('a view leaves the live state unchanged and shares no object with it, for every role', () => {
    const s = fullState();
    const before = JSON.stringify(s);
    const live = objectsOf(s);
    for (const viewer of VIEWERS) {
      const view = visibleState(s, viewer);
      expect(JSON.stringify(s), viewer.role).toBe(before);
      const shared = [...objectsOf(view)].filter((o) => live.has(o));
      expect(shared, `${viewer.role} shares objects with the live state`).toEqual([]);
    }
  });

  it('each role holds only its part', () => {
    const s = fullState();
    const mod = visibleState(s, VIEWERS[0]);
    expect(Object.keys(mod.chat).sort()).toEqual(['plenary']);
    expect(mod.staffNotes).toEqual({ p0: 'needs a hearing loop' });
    expect(mod.bridge.messages).toHaveLength(2);
    expect(Object.keys(mod.queues).sort()).toEqual(['plenary', 'room-1']);
    expect(mod.pollOrder).toEqual(['q1', 'q2']);

    const fac = visibleState(s, VIEWERS[1]);
    expect(fac.bridge.messages.map((m) => m.id)).toEqual(['b2']);
    expect(fac.staffNotes).toBeUndefined();
    expect(Object.keys(fac.chat)).toEqual(['room-1']);

    const obs = visibleState(s, VIEWERS[2]);
    expect(obs.worksheetLocks).toBeUndefined();
    expect(obs.roster).toHaveLength(s.roster.length);

    const p1 = visibleState(s, VIEWERS[4]);
    expect(Object.keys(p1.chat)).toEqual(['room-1']);
    expect(Object.keys(p1.queues)).toEqual(['room-1']);
    expect(p1.profile!.answers).toEqual({ p1: [0] });
    expect(p1.help.order).toEqual([]);
    expect(p1.roomsRun.groupOf).toEqual({ p1: 'room-1' });
    expect(p1.pollOrder).toEqual(['q2']);
    expect(p1.rosterCounts?.people).toBe(s.roster.length);

    const wall = visibleState(s, VIEWERS[5]);
    expect(wall.chat).toEqual({});
    expect(wall.roster.every((id) => s.people[id].role !== 'participant')).toBe(true);
  });

  it("a participant's view of a 2,000-person plenary holds the staff and themself, not the roster", () => {
    const s = fullState(2000);
    const view = visibleState(s, { personId: 'p0', role: 'participant', rooms: ['plenary'] });
    expect(view.roster.sort()).toEqual(['f', 'm', 'o', 'p0']);
    expect(view.rosterCounts?.people).toBe(2003);
    expect(JSON.stringify(view).length).toBeLessThan(10_000);
  });

  it('the list declares the events that move everybody, and one narrower or redactor per scoped capability', () => {
    expect([...MEMBERSHIP_WIDE].sort()).toEqual(['presence:instanceGone', 'rooms:opened', 'rooms:planned', 'rooms:recalled']);
    const names = CAPABILITY_VIEWS.filter((c) => c.narrow || c.redact).map((c) => c.capability);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['people', 'chat', 'bridge', 'help', 'profile', 'queue', 'worksheet', 'polls']));
  });
});
