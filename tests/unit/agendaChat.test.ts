import { describe, expect, it } from 'vitest';
import { decideEnd, decideExtend, decideSkip, decideStart } from '../../server/capabilities/agenda/decide.js';
import { decideHide, decidePost } from '../../server/capabilities/chat/decide.js';
import { newPerson } from '../../server/capabilities/people/decide.js';
import { applyEvent } from '../../shared/domain/apply.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';
import type { NewEvent } from '../../shared/domain/eventTypes.js';

function apply(s: SessionState, events: NewEvent[], at: number) {
  for (const e of events) applyEvent(s, { seq: s.seq + 1, at, by: null, type: e.type, data: e.data });
}
function base() {
  const s = emptySessionState('s');
  s.agenda = [
    { id: 'part-1', title: 'Welcome', minutes: 15, room: 'plenary' },
    { id: 'part-2', title: 'Round', minutes: 20, room: 'breakouts' },
  ];
  s.people.a = newPerson({ id: 'a', name: 'Ana', role: 'participant', modality: 'online', at: 0 });
  s.roster.push('a');
  return s;
}

describe('[A1] agenda deadlines, pure', () => {
  it('start, extend, end and skip move the deadline from the event time', () => {
    const s = base();
    apply(s, decideStart(s, undefined, 'c1'), 10_000);
    expect(s.agendaRun).toMatchObject({ currentId: 'part-1', endsAt: 10_000 + 15 * 60_000 });
    apply(s, decideExtend(s, -5), 20_000);
    expect(s.agendaRun.endsAt).toBe(10_000 + 10 * 60_000);
    apply(s, decideStart(s, undefined, 'c2'), 30_000);
    expect(s.agendaRun).toMatchObject({ currentId: 'part-2', endsAt: 30_000 + 20 * 60_000 });
    expect(s.agendaRun.finished['part-1']).toBe('ended');
    expect(s.bridge.checkIns).toMatchObject([{ id: 'c2', partId: 'part-1', askedAt: 30_000 }]);
    apply(s, decideSkip(s, 'part-2'), 40_000);
    expect(s.agendaRun.currentId).toBeNull();
    expect(() => decideEnd(s, 'c3')).toThrow();
    expect(() => decideStart(s, undefined, 'c4')).toThrow();
  });
});

describe('[A3] chat, pure', () => {
  it('posts to the sender room and hides with a moderators-only note', () => {
    const s = base();
    const viewer = { personId: 'a', role: 'participant' as const, rooms: ['plenary'] };
    const posted = decidePost(s, viewer, undefined, 'm1', 'hello', 5);
    expect(posted[0].audience).toEqual({ rooms: ['plenary'] });
    apply(s, posted, 5);
    expect(() => decideHide(s, viewer, 'plenary', 'm1', 'no')).toThrow();
    const hide = decideHide(s, { personId: 'mod', role: 'moderator', rooms: ['plenary'] }, 'plenary', 'm1', 'off-topic');
    expect(hide[1].audience).toEqual({ roles: ['moderator'] });
    apply(s, hide, 6);
    expect(s.chat.plenary[0]).toMatchObject({ hidden: true, text: '' });
    expect(s.bridge.hiddenNotes.m1).toMatchObject({ reason: 'off-topic', text: 'hello' });
  });
});
