import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../server/store/memoryStore.js';
import { countReaction } from '../../server/capabilities/bridge/pulse.js';
import { decideAnswerCheckIn, decideAskCheckIn, decideHighlight, decideProject, decideSay } from '../../server/capabilities/bridge/decide.js';
import { decideClose, decideRequest, decideTake } from '../../server/capabilities/help/decide.js';
import { decidePost } from '../../server/capabilities/chat/decide.js';
import { newPerson } from '../../server/capabilities/people/decide.js';
import { visibleState } from '../../server/capabilities/session/visibility.js';
import { applyEvent } from '../../shared/domain/apply.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';
import type { NewEvent } from '../../shared/domain/eventTypes.js';

function apply(s: SessionState, events: NewEvent[], at = 1000) {
  for (const e of events) applyEvent(s, { seq: s.seq + 1, at, by: null, type: e.type, data: e.data });
}
const mod = { personId: 'm', role: 'moderator' as const, rooms: ['plenary'] };
const ana = { personId: 'a', role: 'participant' as const, rooms: ['room-1'] };
const bob = { personId: 'b', role: 'participant' as const, rooms: ['plenary'] };
const obs = { personId: 'o', role: 'observer' as const, rooms: ['plenary'] };

function base() {
  const s = emptySessionState('s');
  const add = (id: string, role: 'moderator' | 'participant' | 'observer', extra = {}) => {
    s.people[id] = { ...newPerson({ id, name: id.toUpperCase(), role, modality: 'online', at: 0 }), ...extra };
    s.roster.push(id);
  };
  add('m', 'moderator', { side: 'online' });
  add('a', 'participant', { roomId: 'room-1' });
  add('b', 'participant');
  add('o', 'observer');
  s.rooms['room-1'] = { id: 'room-1', name: 'G1', kind: 'breakout', modality: null, facilitatorId: null, callLink: null };
  s.roomOrder.push('room-1');
  s.agenda = [{ id: 'part-1', title: 'Welcome', minutes: 15, room: 'plenary' }];
  return s;
}

describe('[B] bridge and help, pure', () => {
  it('highlights, projection and a check-in tied to the running part', () => {
    const s = base();
    s.agendaRun.currentId = 'part-1';
    apply(s, decidePost(s, bob, undefined, 'c1', 'buses!', 500));
    apply(s, decideHighlight(s, mod, 'h1', { kind: 'chat', roomId: 'plenary', messageId: 'c1' }, 900));
    expect(s.bridge.highlights[0]).toMatchObject({ text: 'buses!', name: 'B', saidAt: 500 });
    const proj = decideProject(s, 'h1', 900);
    expect(proj[0].audience).toEqual({ all: true });
    apply(s, proj);
    expect(decideProject(s, 'h1', 900)).toEqual([]);
    apply(s, decideAskCheckIn(s, 'k1'), 2000);
    apply(s, decideAnswerCheckIn(s, 'k1', 'agree', ['h1']), 3000);
    expect(s.bridge.checkIns[0]).toMatchObject({ partId: 'part-1', summary: 'agree', highlightIds: ['h1'], answeredAt: 3000 });
    expect(() => decideAnswerCheckIn(s, 'k1', 'again', [])).toThrow();
    expect(decideSay(s, mod, 'x', 'hi', false, 1)[0].audience).toEqual({ roles: ['moderator'] });
  });

  it('help goes to moderators, requester and support; one open request per person', () => {
    const s = base();
    s.people.b.support = true;
    const req = decideRequest(s, 'a', 'r1', 'no sound', 10);
    expect(req[0].audience).toEqual({ roles: ['moderator'], persons: ['a', 'b'] });
    apply(s, req);
    expect(decideRequest(s, 'a', 'r2', '', 11)).toEqual([]);
    expect(() => decideTake(s, obs, 'r1')).toThrow();
    apply(s, decideTake(s, bob, 'r1'));
    expect(s.help.requests.r1).toMatchObject({ status: 'taken', helperName: 'B' });
    apply(s, decideClose(s, ana, 'r1'), 99);
    expect(s.help.requests.r1).toMatchObject({ status: 'closed', closedAt: 99 });
  });
});

describe('[R3] snapshots mirror the audiences', () => {
  it('breakout chat, the bridge and others’ help requests are cut from a viewer’s snapshot', () => {
    const s = base();
    apply(s, decidePost(s, ana, undefined, 'c1', 'secret of G1', 1));
    apply(s, decidePost(s, bob, undefined, 'c2', 'plenary hello', 2));
    apply(s, decideSay(s, mod, 'x', 'duo only', false, 3));
    apply(s, decideRequest(s, 'a', 'r1', 'help', 4));
    for (const v of [bob, obs]) {
      const seen = visibleState(s, v);
      expect(JSON.stringify(seen)).not.toContain('secret of G1');
      expect(JSON.stringify(seen)).not.toContain('duo only');
      expect(seen.help.order).toEqual([]);
      expect(seen.chat.plenary).toHaveLength(1);
    }
    const mine = visibleState(s, ana);
    expect(mine.chat['room-1']).toHaveLength(1);
    expect(mine.chat.plenary).toBeUndefined();
    expect(mine.help.order).toEqual(['r1']);
    expect(visibleState(s, mod).bridge.messages).toHaveLength(1);
  });
});

describe('[B4] reactions pulse', () => {
  it('counts per minute and alerts at three distinct people who cannot hear', async () => {
    const store = new MemoryStore();
    await countReaction(store, 's', 'a', 'agree', 0);
    let p = await countReaction(store, 's', 'a', 'cantHear', 0);
    p = await countReaction(store, 's', 'a', 'cantHear', 0);
    expect(p).toMatchObject({ cantHearPeople: 1, alert: false });
    expect(p.counts).toMatchObject({ agree: 1, cantHear: 2 });
    await countReaction(store, 's', 'b', 'cantHear', 0);
    p = await countReaction(store, 's', 'c', 'cantHear', 0);
    expect(p).toMatchObject({ cantHearPeople: 3, alert: true });
  });
});
