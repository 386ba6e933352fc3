import { describe, expect, it } from 'vitest';
import { createSession, joinSession, REDIS_URL, startServer } from '../helpers/servers.js';
import { useServers } from '../helpers/fixture.js';
import { eventually, type TestClient } from '../helpers/clients.js';
import { PLENARY_ID } from '../../shared/domain/state.js';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import { notYetSpoken, roomFairness } from '../../shared/domain/queue/fairness.js';
import { speakerKey, waitingEntries } from '../../shared/domain/queue/order.js';

/** Two instances whose own clocks are 30 s apart: every figure must still be on the one server (store) clock. */
const SKEW_MS = 30_000;

type TurnData = { roomId: string; entryId: string; personId?: string | null; name?: string; modality?: 'onsite' | 'online'; startedAt?: number; endedAt?: number; durationMs?: number; reason?: string };

/** Speaking time read from the log alone, as the session report will: each turn from its floorGiven to its turnEnded. */
function turnsFromLog(log: StoredEvent[]) {
  const started = new Map<string, StoredEvent>();
  const turns: Array<{ roomId: string; key: string; modality: string; ms: number }> = [];
  for (const e of log) {
    const d = e.data as TurnData;
    if (e.type === 'queue:floorGiven') started.set(d.roomId, e);
    if (e.type === 'queue:turnEnded') {
      const start = started.get(d.roomId)!;
      const sd = start.data as TurnData;
      expect(d).toMatchObject({ entryId: sd.entryId, personId: sd.personId, name: sd.name, modality: sd.modality, startedAt: start.at });
      turns.push({ roomId: d.roomId, key: speakerKey({ personId: sd.personId ?? null, name: sd.name! }), modality: sd.modality!, ms: (d.endedAt ?? e.at) - start.at });
      started.delete(d.roomId);
    }
  }
  return turns;
}

describe('[F5] fair speaking across two instances (real Redis, skewed instance clocks)', () => {
  const t = useServers(() =>
    Promise.all([
      startServer({ redisUrl: REDIS_URL, clock: () => Date.now() + SKEW_MS }),
      startServer({ redisUrl: REDIS_URL, clock: () => Date.now() - SKEW_MS }),
    ]),
  );

  async function setup(names: Array<[string, 'onsite' | 'online']>) {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const modA = t.client(a.url, session.onsiteModeratorToken);
    const modB = t.client(b.url, session.onlineModeratorToken);
    const people = await Promise.all(names.map(([n, m], i) => joinSession(t.servers[i % 2], session.joinCode, n, m)));
    const phones = people.map((p, i) => t.client(t.servers[(i + 1) % 2].url, p.token));
    await Promise.all([modA, modB, ...phones].map((c) => c.ready()));
    return { session, modA, modB, people, phones };
  }
  const current = (c: TestClient, room = PLENARY_ID) => c.state!.queues[room]?.current?.entryId ?? null;

  it('speaking-time figures equal the server-clock durations of the turns, per person, per room and per modality, to the ms', async () => {
    const { session, modA, modB, people, phones } = await setup([['Ona', 'onsite'], ['Oli', 'online'], ['Hal', 'onsite']]);
    const [a] = t.servers;
    for (const p of phones) expect((await p.request('queue:raise', {})).ok).toBe(true);
    expect((await modB.request('queue:add', { roomId: PLENARY_ID, name: 'Zoe' })).ok).toBe(true);
    await modA.until((s) => s.queues[PLENARY_ID]?.entries.length === 4);
    // Alternate the two moderators on the two instances; each says which turn it saw.
    for (let i = 0; i < 4; i++) {
      const mod = i % 2 ? modB : modA;
      await mod.until((s) => (s.queues[PLENARY_ID].entries.length === 4 - i));
      expect(await mod.request('queue:next', { roomId: PLENARY_ID, expectedCurrent: current(mod) })).toMatchObject({ ok: true });
      await Promise.all([modA, modB].map((m) => m.until((s) => s.queues[PLENARY_ID].entries.length === 3 - i)));
    }
    expect((await modA.request('queue:end', { roomId: PLENARY_ID })).ok).toBe(true);

    // A turn in a breakout: per room.
    expect((await modA.request('rooms:create', { name: 'Table 1', modality: 'onsite', callLink: null })).ok).toBe(true);
    await modA.until((s) => s.roomOrder.length === 2);
    const room = modA.state!.roomOrder[1];
    expect((await modA.request('rooms:assign', { personId: people[0].personId, roomId: room })).ok).toBe(true);
    expect((await modA.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    await phones[0].until((s) => s.people[people[0].personId].roomId === room);
    expect((await phones[0].request('queue:raise', {})).ok).toBe(true);
    await modB.until((s) => !!s.queues[room]?.entries.length);
    expect((await modB.request('queue:next', { roomId: room, expectedCurrent: null })).ok).toBe(true);
    await modA.until((s) => !!s.queues[room]?.current);
    expect((await modA.request('queue:end', { roomId: room })).ok).toBe(true);

    const log = await a.app.store.readLog(session.sessionId, 0);
    const turns = turnsFromLog(log);
    expect(turns).toHaveLength(5);
    for (const c of [modA, modB]) await c.until((s) => s.seq >= log[log.length - 1].seq);
    for (const c of [modA, modB]) {
      for (const roomId of [PLENARY_ID, room]) {
        const q = c.state!.queues[roomId];
        const inRoom = turns.filter((x) => x.roomId === roomId);
        const perKey: Record<string, number> = {};
        for (const x of inRoom) perKey[x.key] = (perKey[x.key] ?? 0) + x.ms;
        expect(q.spokenMs).toEqual(perKey);
        const side = (m: string) => inRoom.filter((x) => x.modality === m).reduce((n, x) => n + x.ms, 0);
        expect(q.msByModality).toEqual({ onsite: side('onsite'), online: side('online') });
        expect(roomFairness(c.state!, roomId, Date.now()).totalMs).toBe(side('onsite') + side('online'));
      }
    }
    // Ona spoke in both rooms; each room counts its own time.
    expect(Object.keys(modA.state!.queues[room].spokenMs!)).toEqual([people[0].personId]);
    expect(modA.state!.queues[PLENARY_ID].spokenMs![people[0].personId]).toBeGreaterThanOrEqual(0);
    // A by-name duplicate is refused with a typed error, accepted when confirmed.
    expect(await modA.request('queue:add', { roomId: PLENARY_ID, name: 'Max' })).toMatchObject({ ok: true });
    expect(await modB.request('queue:add', { roomId: PLENARY_ID, name: 'max' })).toMatchObject({ ok: false, error: { code: 'DUPLICATE_NAME' } });
    expect(await modB.request('queue:add', { roomId: PLENARY_ID, name: 'max', confirmDuplicate: true })).toMatchObject({ ok: true });
  }, 30_000);

  it('"not yet spoken" lists exactly the present people without a turn in the room, on join, leave, move and turn', async () => {
    const { session, modA, modB, people, phones } = await setup([['Ann', 'onsite'], ['Ben', 'online'], ['Cas', 'onsite']]);
    const [a, b] = t.servers;
    const ids = (c: TestClient, room = PLENARY_ID) => notYetSpoken(c.state!, room).map((p) => p.id);
    // Each moderator's state sees the presence changes when its instance relays them: wait on both.
    for (const m of [modA, modB]) await m.until(() => ids(m).length === 3, 8000);
    // In roster (join) order; the three joined concurrently, so compare as sets here.
    for (const m of [modA, modB]) expect([...ids(m)].sort()).toEqual(people.map((p) => p.personId).sort());

    // Join.
    const dee = await joinSession(b, session.joinCode, 'Dee', 'online');
    const deePhone = t.client(a.url, dee.token);
    await deePhone.ready();
    for (const m of [modA, modB]) await m.until(() => ids(m).includes(dee.personId));
    // Turn.
    expect((await phones[1].request('queue:raise', {})).ok).toBe(true);
    await modA.until((s) => !!s.queues[PLENARY_ID]?.entries.length);
    expect((await modA.request('queue:next', { roomId: PLENARY_ID, expectedCurrent: null })).ok).toBe(true);
    for (const m of [modA, modB]) await m.until(() => !ids(m).includes(people[1].personId));
    // Leave (the phone closes: no connection open anywhere).
    phones[2].close();
    for (const m of [modA, modB]) await m.until(() => !ids(m).includes(people[2].personId), 8000);
    // Move to a breakout: listed there, no longer in the plenary.
    expect((await modB.request('rooms:create', { name: 'Online 1', modality: 'online', callLink: null })).ok).toBe(true);
    await modB.until((s) => s.roomOrder.length === 2);
    const room = modB.state!.roomOrder[1];
    expect((await modB.request('rooms:assign', { personId: dee.personId, roomId: room })).ok).toBe(true);
    expect((await modB.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    for (const m of [modA, modB]) await m.until(() => !ids(m).includes(dee.personId) && ids(m, room).includes(dee.personId));
    for (const m of [modA, modB]) {
      expect(ids(m)).toEqual([people[0].personId]);
      expect(ids(m, room)).toEqual([dee.personId]);
    }
    // One tap invites Ann: her entry is noted as invited by the moderator.
    const inv = await modA.request('queue:invite', { roomId: PLENARY_ID, personId: people[0].personId });
    expect(inv.ok).toBe(true);
    await phones[0].until((s) => s.queues[PLENARY_ID].entries.some((e) => e.id === inv.entryId));
    expect(phones[0].state!.queues[PLENARY_ID].entries.find((e) => e.id === inv.entryId)).toMatchObject({ personId: people[0].personId, invited: true, addedBy: modA.personId });
    expect(await modA.request('queue:invite', { roomId: PLENARY_ID, personId: people[1].personId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  }, 30_000);

  it('two moderators on different instances give the floor at the same moment: one current speaker, the other a typed CONFLICT', async () => {
    const { session, modA, modB, phones } = await setup([['Eve', 'onsite'], ['Fay', 'online'], ['Gil', 'onsite']]);
    for (const p of phones) expect((await p.request('queue:raise', {})).ok).toBe(true);
    await Promise.all([modA, modB].map((m) => m.until((s) => s.queues[PLENARY_ID]?.entries.length === 3)));
    for (let round = 0; round < 2; round++) {
      const seen = [current(modA), current(modB)];
      expect(seen[0]).toBe(seen[1]);
      const res = await Promise.all([modA, modB].map((m, i) => m.request('queue:next', { roomId: PLENARY_ID, expectedCurrent: seen[i] })));
      expect(res.filter((r) => r.ok)).toHaveLength(1);
      expect(res.filter((r) => !r.ok)).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: 'CONFLICT' }) })]);
      const winner = res.find((r) => r.ok).entryId as string;
      await Promise.all([modA, modB].map((m) => m.until((s) => s.queues[PLENARY_ID].current?.entryId === winner)));
    }
    const log = await t.servers[0].app.store.readLog(session.sessionId, 0);
    expect(log.filter((e) => e.type === 'queue:floorGiven')).toHaveLength(2);
    // Exactly one entry still waits: nobody was skipped by the losing command.
    expect(waitingEntries(modA.state!, PLENARY_ID)).toHaveLength(1);
  }, 30_000);

  it('auto-end after the grace period happens once cluster-wide; the turn lasts the limit plus the grace', async () => {
    const { session, modA, modB, phones } = await setup([['Hil', 'online']]);
    const LIMIT_S = 10;
    const GRACE_S = 1;
    expect((await modB.request('queue:settings', { autoEndGraceSeconds: GRACE_S })).ok).toBe(true);
    expect((await phones[0].request('queue:raise', {})).ok).toBe(true);
    await modA.until((s) => !!s.queues[PLENARY_ID]?.entries.length && s.queueSettings?.autoEndGraceSeconds === GRACE_S);
    expect((await modA.request('queue:next', { roomId: PLENARY_ID, seconds: LIMIT_S, expectedCurrent: null })).ok).toBe(true);
    await phones[0].until((s) => s.queues[PLENARY_ID].current !== null);
    // Both instances run the due loop; the turn ends by itself shortly after limit + grace.
    await phones[0].until((s) => s.queues[PLENARY_ID].current === null, (LIMIT_S + GRACE_S) * 1000 + 8000);
    const log = await t.servers[1].app.store.readLog(session.sessionId, 0);
    const ends = log.filter((e) => e.type === 'queue:turnEnded');
    expect(ends).toHaveLength(1);
    const given = log.find((e) => e.type === 'queue:floorGiven')!;
    const d = ends[0].data as TurnData;
    expect(d).toMatchObject({ reason: 'auto', durationMs: (LIMIT_S + GRACE_S) * 1000, endedAt: given.at + (LIMIT_S + GRACE_S) * 1000 });
    // Appended at or after the moment it ends (store clock), not before.
    expect(ends[0].at).toBeGreaterThanOrEqual(d.endedAt!);
    await modB.until((s) => s.queues[PLENARY_ID].current === null);
    expect(modB.state!.queues[PLENARY_ID].spokenMs).toEqual({ [phones[0].personId!]: (LIMIT_S + GRACE_S) * 1000 });
    // A later due-loop pass adds nothing.
    expect((await modA.request('rooms:broadcast', { text: 'barrier' })).ok).toBe(true);
    const after = await t.servers[0].app.store.readLog(session.sessionId, 0);
    expect(after.filter((e) => e.type === 'queue:turnEnded')).toHaveLength(1);
  }, 40_000);

  it('alternating mode orders a mixed queue hall/online/hall/online, falling back to raise order when one side is empty', async () => {
    const { modA, modB, people, phones } = await setup([['H1', 'onsite'], ['H2', 'onsite'], ['O1', 'online'], ['O2', 'online'], ['H3', 'onsite']]);
    expect((await modA.request('queue:settings', { alternate: true })).ok).toBe(true);
    for (const p of phones) expect((await p.request('queue:raise', {})).ok).toBe(true);
    const order = (c: TestClient) => waitingEntries(c.state!, PLENARY_ID).map((e) => e.name);
    for (const c of [modA, modB, ...phones]) await c.until(() => c.state!.queueSettings?.alternate === true && order(c).length === 5);
    for (const c of [modA, modB, ...phones]) expect(order(c)).toEqual(['H1', 'O1', 'H2', 'O2', 'H3']);
    // queue:next follows the same order; once the online side is empty the rest go in raise order.
    const nameOf = new Map(modA.state!.queues[PLENARY_ID].entries.map((e) => [e.id, e.name]));
    const given: string[] = [];
    for (let i = 0; i < 5; i++) {
      const mod = i % 2 ? modB : modA;
      await mod.until((s) => waitingEntries(s, PLENARY_ID).length === 5 - i);
      const res = await mod.request('queue:next', { roomId: PLENARY_ID, expectedCurrent: current(mod) });
      expect(res.ok).toBe(true);
      given.push(nameOf.get(res.entryId) ?? '');
      await Promise.all([modA, modB].map((m) => m.until((s) => s.queues[PLENARY_ID].current?.entryId === res.entryId)));
    }
    expect(given).toEqual(['H1', 'O1', 'H2', 'O2', 'H3']);
    expect(people).toHaveLength(5);
    await eventually(() => expect(modB.state!.queues[PLENARY_ID].spoken).toEqual(Object.fromEntries(people.map((p) => [p.personId, 1]))));
  }, 30_000);
});
