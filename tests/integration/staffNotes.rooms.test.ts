import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isConnected } from '../../shared/domain/state.js';
import { createSession, joinSession, observerToken, projectorToken } from '../helpers/servers.js';
import { eventually, type TestClient } from '../helpers/clients.js';
import { useServers } from '../helpers/fixture.js';

const liveEvents = (c: TestClient) => c.raw.filter((r) => r.event === 'session:event').map((r) => r.args[0] as { type: string; data: unknown });

/**
 * Issue 17 on two instances and the shared Redis: [SN] the private staff note reaches the moderators only (live, in
 * replays and in snapshots), and only moderators may write it; [RM] breakout groups are deleted by moderators only,
 * never the plenary nor a group people are in; nobody facilitates two groups; changing the assignment mode replaces
 * the previous mode's groups instead of leaving empty ones.
 */
describe('[SN][RM] staff notes and breakout rooms (two instances)', () => {
  const t = useServers();

  it('[SN1] a staff note is written by moderators only and read by moderators only', async () => {
    const [a, b] = t.servers;
    const NOTE = `needs large print ${randomBytes(4).toString('hex')}`;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    const otherMod = t.client(b.url, session.onlineModeratorToken);
    const maria = await joinSession(a, session.joinCode, 'Maria', 'onsite');
    const fay = await joinSession(b, session.joinCode, 'Fay', 'onsite');
    const obs = await observerToken(a, session.observerUrl, 'Olga', 'press');
    const mariaC = t.client(b.url, maria.token);
    const fayC = t.client(a.url, fay.token);
    const obsC = t.client(b.url, obs.token);
    const projector = t.client(a.url, projectorToken(session.projectorUrl));
    await Promise.all([mod, otherMod, mariaC, fayC, obsC, projector].map((c) => c.ready()));
    expect((await mod.request('people:setRole', { personId: fay.personId, role: 'facilitator' })).ok).toBe(true);
    await mod.until((s) => [maria, fay].every((p) => isConnected(s.people[p.personId])), 15_000);

    // Nobody but a moderator may write one (and nothing is logged for the refusals).
    for (const c of [mariaC, fayC, obsC, projector]) {
      const res = await c.request('people:setNote', { personId: maria.personId, note: 'sneaky' });
      expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const bad = await mod.request('people:setNote', { personId: 'nobody-here', note: NOTE });
    expect(bad).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    expect((await mod.request('people:setNote', { personId: maria.personId, note: NOTE })).ok).toBe(true);
    // The other moderator, on the other instance, receives it; the public label is untouched.
    await otherMod.until((s) => s.staffNotes?.[maria.personId] === NOTE, 10_000);
    expect(otherMod.state!.people[maria.personId].label).toBeNull();
    // A marker after the note, so that "not received" is checked once everyone has had the time to receive it.
    expect((await mod.request('people:rename', { personId: maria.personId, name: 'Maria G.' })).ok).toBe(true);
    for (const c of [mariaC, fayC, obsC]) await c.until((s) => s.people[maria.personId].name === 'Maria G.', 10_000);
    // The projector holds no participants (issue 20): the rename reaches it live all the same.
    await eventually(() => expect(liveEvents(projector).some((e) => e.type === 'person:renamed')).toBe(true), 10_000);

    for (const [who, c] of Object.entries({ participant: mariaC, facilitator: fayC, observer: obsC, projector })) {
      expect({ who, live: JSON.stringify(liveEvents(c)).includes(NOTE) }).toEqual({ who, live: false });
      expect({ who, state: c.state!.staffNotes }).toEqual({ who, state: undefined });
      const snapshot = await c.request('session:sync', { sinceSeq: null });
      const replay = await c.request('session:sync', { sinceSeq: 0 });
      expect(snapshot.ok && replay.ok).toBe(true);
      const text = JSON.stringify([snapshot, replay]);
      expect({ who, leaks: text.includes(NOTE) }).toEqual({ who, leaks: false });
    }
    // The moderators' own snapshot and replay have it (so the checks above can fail).
    const modSnap = await otherMod.request('session:sync', { sinceSeq: null });
    expect(modSnap.replay.state.staffNotes[maria.personId]).toBe(NOTE);
    expect(JSON.stringify(await otherMod.request('session:sync', { sinceSeq: 0 }))).toContain(NOTE);

    // Cleared with null (or an empty text): gone for the moderators too.
    expect((await mod.request('people:setNote', { personId: maria.personId, note: '' })).ok).toBe(true);
    await otherMod.until((s) => s.staffNotes?.[maria.personId] === undefined, 10_000);
  }, 60_000);

  it('[RM1] delete a group: moderators only, never the plenary, never while people are in it', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    const ana = await joinSession(a, session.joinCode, 'Ana');
    const anaC = t.client(b.url, ana.token);
    await Promise.all([mod, anaC].map((c) => c.ready()));
    expect((await mod.request('rooms:create', { name: 'Table 1' })).ok).toBe(true);
    expect((await mod.request('rooms:create', { name: 'Table 2' })).ok).toBe(true);
    await mod.until((s) => s.roomOrder.length === 3);
    const [t1, t2] = mod.state!.roomOrder.slice(1);

    expect(await anaC.request('rooms:delete', { roomId: t2 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await mod.request('rooms:delete', { roomId: 'plenary' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await mod.request('rooms:delete', { roomId: 'room-404' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    expect((await mod.request('rooms:assign', { personId: ana.personId, roomId: t1 })).ok).toBe(true);
    expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    await anaC.until((s) => s.people[ana.personId].roomId === t1, 10_000);
    expect(await mod.request('rooms:delete', { roomId: t1 })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // An empty group may go even while breakouts are open.
    expect((await mod.request('rooms:delete', { roomId: t2 })).ok).toBe(true);
    await anaC.until((s) => !s.roomOrder.includes(t2) && !(t2 in s.rooms), 10_000);
    expect((await mod.request('rooms:recall', { countdownSeconds: 0 })).ok).toBe(true);
    expect((await mod.request('rooms:delete', { roomId: t1 })).ok).toBe(true);
    await anaC.until((s) => s.roomOrder.length === 1 && !(ana.personId in s.roomsRun.groupOf), 10_000);
  }, 60_000);

  it('[RM2] nobody facilitates two groups; a new mode replaces the old groups', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    await mod.ready();
    const people = await Promise.all(['Ana', 'Ben', 'Cai', 'Dee', 'Eli', 'Fox'].map((n, i) => joinSession(b, session.joinCode, n, i < 3 ? 'onsite' : 'online')));
    for (const n of ['Red', 'Blue']) expect((await mod.request('rooms:create', { name: n })).ok).toBe(true);
    await mod.until((s) => s.roomOrder.length === 3);
    const [red, blue] = mod.state!.roomOrder.slice(1);
    expect((await mod.request('rooms:update', { roomId: red, facilitatorId: people[0].personId })).ok).toBe(true);
    const twice = await mod.request('rooms:update', { roomId: blue, facilitatorId: people[0].personId });
    expect(twice).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(twice.error.message).toContain('Red');
    // Cleared there first, it is allowed.
    expect((await mod.request('rooms:update', { roomId: red, facilitatorId: null })).ok).toBe(true);
    expect((await mod.request('rooms:update', { roomId: blue, facilitatorId: people[0].personId })).ok).toBe(true);

    // Balanced groups of the six, then the hall's tables and online groups: no group of the first plan is left empty.
    expect((await mod.request('rooms:autoAssign', { mode: 'balanced', groups: 2 })).ok).toBe(true);
    await mod.until((s) => Object.keys(s.roomsRun.groupOf).length === 6);
    expect((await mod.request('rooms:autoAssign', { mode: 'tablesAndOnline', size: 3 })).ok).toBe(true);
    await mod.until((s) => s.roomOrder.slice(1).every((rid) => Object.values(s.roomsRun.groupOf).includes(rid)), 10_000);
    const s = mod.state!;
    const names = s.roomOrder.slice(1).map((rid) => s.rooms[rid].name);
    expect(names).not.toContain('Red');
    expect(names).not.toContain('Blue');
    expect(Object.keys(s.roomsRun.groupOf)).toHaveLength(6);
  }, 60_000);

  it('[RM3] a new breakout round starts with an empty group chat; the old messages stay in the log', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    const ana = await joinSession(a, session.joinCode, 'Ana');
    const anaC = t.client(b.url, ana.token);
    await Promise.all([mod, anaC].map((c) => c.ready()));
    expect((await mod.request('rooms:create', { name: 'Table 1' })).ok).toBe(true);
    await mod.until((s) => s.roomOrder.length === 2);
    const room = mod.state!.roomOrder[1];
    expect((await mod.request('rooms:assign', { personId: ana.personId, roomId: room })).ok).toBe(true);
    expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    await anaC.until((s) => s.people[ana.personId].roomId === room, 10_000);
    const sent = await anaC.request('chat:send', { text: 'round one idea' });
    expect(sent.ok).toBe(true);
    await anaC.until((s) => (s.chat[room] ?? []).some((m) => m.text === 'round one idea'), 10_000);
    expect((await mod.request('rooms:recall', { countdownSeconds: 0 })).ok).toBe(true);
    expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    await anaC.until((s) => s.roomsRun.open && s.people[ana.personId].roomId === room && (s.chat[room] ?? []).length === 0, 10_000);
    // A fresh snapshot agrees, and the message is still in the log (for the report).
    const snap = await anaC.request('session:sync', { sinceSeq: null });
    expect(snap.replay.state.chat[room] ?? []).toEqual([]);
    // (Ana's replay: breakout chat goes to the room's members, not to a moderator who is not visiting.)
    const replay = await anaC.request('session:sync', { sinceSeq: 0 });
    expect(JSON.stringify(replay.replay.events)).toContain('round one idea');
  }, 60_000);
});
