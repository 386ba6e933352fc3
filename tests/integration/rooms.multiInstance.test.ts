import { describe, expect, it } from 'vitest';
import { createSession, joinSession, observerToken, startCluster, type TestServer } from '../helpers/servers.js';
import { eventually, type TestClient } from '../helpers/clients.js';
import { useServers } from '../helpers/fixture.js';
import { PLENARY_ID, type SessionState } from '../../shared/domain/state.js';

/** Rooms across two instances on one Redis: assignment, isolation of chat, timed moves. */
describe('[R] rooms on two instances', () => {
  const t = useServers();
  const client = (i: number, token: string) => t.client(t.servers[i % 2].url, token);

  async function setup(people: Array<{ modality: 'onsite' | 'online'; table?: string }>) {
    const session = await createSession(t.servers[0]);
    const mod = client(0, session.onsiteModeratorToken);
    const online = client(1, session.onlineModeratorToken);
    const joins = await Promise.all(people.map((p, i) => joinSession(t.servers[i % 2], session.joinCode, `P${i}`, p.modality, p.table ? { table: p.table } : {})));
    const members = joins.map((j, i) => client(i + 1, j.token));
    await Promise.all([mod, online, ...members].map((c) => c.ready()));
    return { session, mod, online, members, ids: joins.map((j) => j.personId) };
  }

  const groupsOf = (s: SessionState) => {
    const g = new Map<string, string[]>();
    for (const [pid, rid] of Object.entries(s.roomsRun.groupOf)) g.set(rid, [...(g.get(rid) ?? []), pid].sort());
    return g;
  };

  it('[R1] automatic balanced assignment gives every instance the same groups, sizes within one', async () => {
    const { mod, online, members, ids } = await setup(Array.from({ length: 11 }, (_, i) => ({ modality: i % 2 ? 'online' : 'onsite' })));
    const res = await mod.request('rooms:autoAssign', { mode: 'balanced', groups: 3 });
    expect(res.ok).toBe(true);
    await eventually(() => {
      for (const c of [mod, online, ...members]) expect(Object.keys(c.state!.roomsRun.groupOf)).toHaveLength(11);
    });
    const ref = groupsOf(mod.state!);
    expect(ref.size).toBe(3);
    const sizes = [...ref.values()].map((g) => g.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const c of [online, ...members]) expect(groupsOf(c.state!)).toEqual(ref);
    // Manual move of one person is seen identically everywhere.
    const target = [...ref.keys()].find((r) => r !== mod.state!.roomsRun.groupOf[ids[0]])!;
    expect((await online.request('rooms:assign', { personId: ids[0], roomId: target })).ok).toBe(true);
    await eventually(() => {
      for (const c of [mod, ...members]) expect(c.state!.roomsRun.groupOf[ids[0]]).toBe(target);
    });
  });

  it('[R2] onsite tables and online groups never mix modalities', async () => {
    const people = [
      ...Array.from({ length: 6 }, (_, i) => ({ modality: 'onsite' as const, table: String(1 + (i % 2)) })),
      { modality: 'onsite' as const },
      ...Array.from({ length: 7 }, () => ({ modality: 'online' as const })),
    ];
    const { mod, members } = await setup(people);
    expect((await mod.request('rooms:autoAssign', { mode: 'tablesAndOnline', size: 4 })).ok).toBe(true);
    // The member read below (on the other instance) must have the assignment too, not only members[0].
    await eventually(() => expect(Object.keys(members[5].state!.roomsRun.groupOf)).toHaveLength(people.length));
    const s = members[5].state!;
    for (const [rid, pids] of groupsOf(s)) {
      const mods = new Set(pids.map((p) => s.people[p].modality));
      expect(mods.size).toBe(1);
      expect(s.rooms[rid].modality).toBe([...mods][0]);
    }
    const tableRooms = Object.values(s.rooms).filter((r) => r.name.startsWith('Table '));
    expect(tableRooms.map((r) => r.name).sort()).toEqual(['Table 1', 'Table 2']);
    expect(groupsOf(s)).toEqual(groupsOf(mod.state!));
  });

  it('[R3] breakout chat reaches only its room and a moderator visiting it; never another breakout or an observer', async () => {
    const { session, mod, members, ids } = await setup([{ modality: 'online' }, { modality: 'online' }, { modality: 'online' }, { modality: 'online' }]);
    const obs = await observerToken(t.servers[1], session.observerUrl);
    const observer = client(1, obs.token);
    await observer.ready();
    await mod.request('rooms:create', { name: 'A', callLink: 'https://meet.jit.si/a-room' });
    await mod.request('rooms:create', { name: 'B' });
    await mod.until((s) => s.roomOrder.length === 3);
    const [a, b] = mod.state!.roomOrder.slice(1);
    for (const [i, pid] of ids.entries()) await mod.request('rooms:assign', { personId: pid, roomId: i < 2 ? a : b });
    expect((await mod.request('rooms:open', {})).ok).toBe(true);
    await Promise.all(members.map((c, i) => c.until((s) => s.people[ids[i]].roomId === (i < 2 ? a : b))));
    expect(members[0].state!.rooms[a].callLink).toBe('https://meet.jit.si/a-room');
    expect((await mod.request('rooms:visit', { roomId: a })).ok).toBe(true);
    await mod.until((s) => s.people[mod.personId!].visiting === a);
    const sent = await members[0].request('chat:send', { text: 'secret of A' });
    expect(sent.ok).toBe(true);
    await members[1].until((s) => s.chat[a]?.some((m) => m.text === 'secret of A'));
    await mod.until((s) => s.chat[a]?.some((m) => m.text === 'secret of A'));
    // B's member writes too, so we know B's traffic flowed after A's message.
    await members[2].request('chat:send', { text: 'hello B' });
    await members[3].until((s) => s.chat[b]?.some((m) => m.text === 'hello B'));
    // A broadcast after both messages: once the observer has it, anything for them would have arrived.
    await mod.request('rooms:broadcast', { text: 'five minutes left' });
    await observer.until((s) => s.roomsRun.broadcast?.text === 'five minutes left');
    await members[3].until((s) => s.roomsRun.broadcast?.text === 'five minutes left');
    for (const c of [members[2], members[3], observer]) {
      expect(JSON.stringify(c.raw)).not.toContain('secret of A');
      expect(c.state!.chat[a]).toBeUndefined();
    }
    // A participant cannot write into another room.
    const wrong = await members[2].request('chat:send', { roomId: a, text: 'sneak' });
    expect(wrong.error.code).toBe('FORBIDDEN');
    // A fresh snapshot of a B member holds no A chat either.
    const fresh = client(3, (await joinSession(t.servers[0], session.joinCode, 'Late', 'online')).token);
    await fresh.ready();
    expect(fresh.state!.chat[a]).toBeUndefined();
  });

  it('[R4] recall with a countdown moves every connected person, including one who reconnects during it', async () => {
    const { mod, members, ids } = await setup([{ modality: 'online' }, { modality: 'online' }, { modality: 'onsite' }, { modality: 'online' }]);
    await mod.request('rooms:autoAssign', { mode: 'balanced', groups: 2 });
    await mod.until((s) => Object.keys(s.roomsRun.groupOf).length === 4);
    // Opening with a countdown: announced first, then performed by the servers' due loop.
    expect((await mod.request('rooms:open', { countdownSeconds: 1, minutes: 20 })).ok).toBe(true);
    await Promise.all(members.map((c) => c.until((s) => s.roomsRun.pendingMove?.kind === 'open')));
    expect(members[0].state!.people[ids[0]].roomId).toBe(PLENARY_ID);
    await Promise.all(members.map((c, i) => c.until((s) => s.people[ids[i]].roomId !== PLENARY_ID)));
    await mod.until((s) => s.roomsRun.open);
    expect(members[0].state!.roomsRun.breakoutEndsAt).toBeGreaterThan(0);
    for (const c of members) expect(c.state!.roomsRun.breakoutEndsAt).toBe(mod.state!.roomsRun.breakoutEndsAt);
    const leaver = members[1];
    leaver.close();
    const res = await mod.request('rooms:recall', { countdownSeconds: 3 });
    expect(res.ok).toBe(true);
    await Promise.all(members.filter((c) => c !== leaver).map((c) => c.until((s) => s.roomsRun.pendingMove?.kind === 'recall')));
    const back = client(0, leaver.token);
    back.state = leaver.state;
    await back.ready();
    expect(back.state!.roomsRun.pendingMove?.kind).toBe('recall');
    for (const [i, c] of [...members.filter((m) => m !== leaver), back].entries()) {
      await c.until((s) => s.roomsRun.open === false && s.roomsRun.pendingMove === null, 6000);
      expect(Object.values(c.state!.people).every((p) => p.roomId === PLENARY_ID)).toBe(true);
      expect(i).toBeGreaterThanOrEqual(0);
    }
    // Appended once although both instances run the due loop.
    const recalls = mod.events.filter((e) => e.type === 'rooms:recalled');
    expect(recalls).toHaveLength(1);
  });
});
