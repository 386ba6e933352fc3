import { describe, expect, it } from 'vitest';
import { createSession, joinSession, observerToken } from '../helpers/servers.js';
import { useServers } from '../helpers/fixture.js';
import type { TestClient } from '../helpers/clients.js';
import { PLENARY_ID } from '../../shared/domain/state.js';
import { orderQueue } from '../../shared/domain/queue/order.js';

const queueEventsOf = (c: TestClient) => c.events.filter((e) => e.type.startsWith('queue:'));

describe('[Q3] speaker queue across two instances (real Redis)', () => {
  const t = useServers();

  it('hands raised through both instances show in the same order everywhere; twice counts once; the floor and its deadline match', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    const people = await Promise.all([0, 1, 2, 3].map((i) => joinSession(t.servers[i % 2], session.joinCode, `P${i}`, i % 2 ? 'online' : 'onsite')));
    const phones = people.map((p, i) => t.client(t.servers[(i + 1) % 2].url, p.token));
    await Promise.all([mod, ...phones].map((c) => c.ready()));

    const ids: string[] = [];
    for (const p of phones) {
      const res = await p.request('queue:raise', {});
      expect(res.ok).toBe(true);
      ids.push(res.entryId);
    }
    // Raising again is idempotent: same entry, still one per person.
    const again = await phones[0].request('queue:raise', {});
    expect(again).toMatchObject({ ok: true, entryId: ids[0] });

    const orderOn = (c: TestClient) => {
      const q = c.state!.queues[PLENARY_ID];
      return q ? orderQueue(q.entries, q.spoken).map((e) => e.id) : [];
    };
    for (const c of [mod, ...phones]) await c.until(() => orderOn(c).length === 4);
    for (const c of [mod, ...phones]) expect(orderOn(c)).toEqual(ids);
    expect(mod.state!.queues[PLENARY_ID].entries.map((e) => e.modality)).toEqual(['onsite', 'online', 'onsite', 'online']);

    // A participant cannot steer the queue.
    expect(await phones[1].request('queue:next', { roomId: PLENARY_ID })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // The floor given on instance A is seen on B with the same deadline.
    const given = await mod.request('queue:next', { roomId: PLENARY_ID, seconds: 90 });
    expect(given).toMatchObject({ ok: true, entryId: ids[0] });
    await phones[0].until((s) => s.queues[PLENARY_ID].current?.entryId === ids[0]);
    await mod.until((s) => s.queues[PLENARY_ID].current?.entryId === ids[0]);
    const onB = phones[0].state!.queues[PLENARY_ID].current!;
    expect(onB.personId).toBe(people[0].personId);
    expect(onB.endsAt).toBe(onB.startedAt + 90_000);
    expect(mod.state!.queues[PLENARY_ID].current!.endsAt).toBe(onB.endsAt);

    // P0 raises again: having spoken, they go behind the first-time speakers.
    await phones[0].request('queue:raise', {});
    await phones[3].until(() => orderOn(phones[3]).length === 4);
    expect(orderOn(phones[3]).slice(0, 3)).toEqual(ids.slice(1));
    expect(mod.state!.queues[PLENARY_ID].spoken[people[0].personId]).toBe(1);

    // A hand added by name is distinct from the people's own entries.
    const added = await mod.request('queue:add', { roomId: PLENARY_ID, name: 'Zoe' });
    expect(added.ok).toBe(true);
    await phones[2].until((s) => s.queues[PLENARY_ID].entries.some((e) => e.id === added.entryId));
    expect(phones[2].state!.queues[PLENARY_ID].entries.find((e) => e.id === added.entryId)).toMatchObject({ personId: null, name: 'Zoe', modality: 'onsite' });
  });

  it("a breakout's queue never reaches another breakout or an observer, live or in a snapshot", async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(b.url, session.onsiteModeratorToken);
    const observer = t.client(a.url, (await observerToken(a, session.observerUrl, 'Obs')).token);
    const people = await Promise.all([0, 1, 2, 3].map((i) => joinSession(t.servers[i % 2], session.joinCode, `B${i}`)));
    const phones = people.map((p, i) => t.client(t.servers[(i + 1) % 2].url, p.token));
    await Promise.all([mod, observer, ...phones].map((c) => c.ready()));
    expect((await mod.request('rooms:autoAssign', { mode: 'balanced', groups: 2 })).ok).toBe(true);
    expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    for (const p of phones) await p.until((s) => s.people[p.personId!].roomId !== PLENARY_ID);
    const roomOf = (i: number) => phones[i].state!.people[people[i].personId].roomId;
    const speaker = 0;
    const mate = phones.findIndex((_, i) => i !== speaker && roomOf(i) === roomOf(speaker));
    const others = phones.filter((_, i) => roomOf(i) !== roomOf(speaker));
    expect(others.length).toBeGreaterThan(0);

    const raised = await phones[speaker].request('queue:raise', {});
    expect(raised.ok).toBe(true);
    await phones[mate].until((s) => !!s.queues[roomOf(speaker)]?.entries.length);
    await mod.until((s) => !!s.queues[roomOf(speaker)]?.entries.length);
    expect((await mod.request('queue:next', { roomId: roomOf(speaker), seconds: 30 })).ok).toBe(true);
    // A later event for everyone is the barrier: once it arrived, the queue events would have too.
    expect((await mod.request('rooms:broadcast', { text: 'Ten minutes' })).ok).toBe(true);
    for (const c of [observer, ...others]) await c.until((s) => s.roomsRun.broadcast?.text === 'Ten minutes');
    await phones[mate].until((s) => s.queues[roomOf(speaker)]?.current?.personId === people[speaker].personId);
    for (const c of [observer, ...others]) expect(queueEventsOf(c)).toEqual([]);

    // Snapshots are redacted the same way; the moderator's keeps every room.
    for (const c of [observer, ...others]) {
      await c.sync(null);
      expect(c.state!.queues[roomOf(speaker)]).toBeUndefined();
    }
    await mod.sync(null);
    expect(mod.state!.queues[roomOf(speaker)].current?.personId).toBe(people[speaker].personId);
  });
});
