import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORGANISER_KEY, createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient, eventually } from '../helpers/clients.js';
import { RedisCluster } from '../helpers/redisCluster.js';
import { keys } from '../../server/store/keys.js';
import { PLENARY_ID } from '../../shared/domain/state.js';

/**
 * Issue 20, Redis Cluster: two instances on a real three-master cluster started by the test. Each session's keys
 * and relay channel carry its hash tag, so a session lives on one master; the tests make sessions until every
 * master holds some.
 */
interface Site {
  sessionId: string;
  master: number;
  mod: TestClient;
  phones: TestClient[];
}

async function openSites(servers: TestServer[], cluster: RedisCluster, clients: TestClient[], perMaster: number): Promise<Site[]> {
  const sites: Site[] = [];
  const count = new Map<number, number>();
  // Sessions land on masters by the hash of their id: a few dozen tries cover three masters.
  for (let i = 0; i < 60 && cluster.ports.some((p) => (count.get(p) ?? 0) < perMaster); i++) {
    const session = await createSession(servers[i % 2]);
    const master = await cluster.masterOf(keys.log(session.sessionId));
    if ((count.get(master) ?? 0) >= perMaster) continue;
    count.set(master, (count.get(master) ?? 0) + 1);
    const mod = new TestClient(servers[0].url, session.onsiteModeratorToken);
    const people = await Promise.all([0, 1].map((k) => joinSession(servers[k], session.joinCode, `P${k}`)));
    const phones = people.map((p, k) => new TestClient(servers[k].url, p.token));
    clients.push(mod, ...phones);
    await Promise.all([mod, ...phones].map((c) => c.ready()));
    sites.push({ sessionId: session.sessionId, master, mod, phones });
  }
  expect(new Set(sites.map((s) => s.master)).size).toBe(cluster.ports.length);
  return sites;
}

const handsUp = (c: TestClient) => (c.state?.queues[PLENARY_ID]?.entries ?? []).length;

describe('[RC] Redis Cluster: two instances on three masters', () => {
  let cluster: RedisCluster;
  let servers: TestServer[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    cluster = await RedisCluster.start();
    for (let i = 0; i < 2; i++) servers.push(await startServer({ clusterNodes: cluster.nodes }));
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
    await cluster?.stop();
  });

  it('[RC1] commands through both instances reach everyone on both; each instance holds the same log; transient messages cross instances; a relay subscription per held session, dropped with the session', async () => {
    const sites = await openSites(servers, cluster, clients, 1);
    // Both phones raise a hand, each through its own instance, in every session at once.
    const acks = await Promise.all(sites.flatMap((s) => s.phones.map((p) => p.request('queue:raise', {}))));
    for (const a of acks) expect(a).toMatchObject({ ok: true });
    for (const s of sites) for (const c of [s.mod, ...s.phones]) await c.until(() => handsUp(c) === 2);

    // The same events, in the same order, in every client and in both instances' memory as in the log.
    const line = (e: { seq: number; type: string; at: number }) => `${e.seq}:${e.type}:${e.at}`;
    for (const s of sites) {
      // Read again until both instances caught up: presence is logged in batches, so the log may still grow.
      await eventually(async () => {
        const log = (await servers[0].app.store.readLog(s.sessionId, 0)).map(line);
        for (const server of servers) expect((await server.app.hub.get(s.sessionId))!.recent.map(line)).toEqual(log);
      });
      // Every instance subscribes to the relay of the sessions it holds, on the session's own channel.
      for (const server of servers) expect(server.app.realtime.relay!.subscribed()).toContain(s.sessionId);
      expect(s.phones[0].state!.queues[PLENARY_ID]).toEqual(s.phones[1].state!.queues[PLENARY_ID]);
    }

    // A transient message (a reaction's pulse, not logged) from a phone on instance B reaches the moderator on A.
    const site = sites[0];
    const pulses = () => site.mod.raw.filter((r) => r.event === 'bridge:pulse').length;
    expect(await site.phones[1].request('bridge:react', { reaction: 'agree' })).toMatchObject({ ok: true });
    await eventually(() => expect(pulses()).toBe(1));

    // Deleting a session drops it on both instances, and with it the relay subscription.
    const del = await fetch(`${servers[1].url}/api/sessions/${site.sessionId}`, { method: 'DELETE', headers: { 'x-organiser-key': ORGANISER_KEY } });
    expect(del.status).toBeLessThan(300);
    for (const server of servers) await eventually(() => expect(server.app.realtime.relay!.subscribed()).not.toContain(site.sessionId));
    expect(await servers[0].app.store.headSeq(site.sessionId)).toBe(0);
    // The other sessions go on.
    for (const s of sites.slice(1)) expect(allSubscribed(servers, s.sessionId)).toBe(true);
  });

  it('[RC2] killing one master stops only its sessions: their commands fail UNAVAILABLE (retryable), the others go on through both instances', async () => {
    const sites = await openSites(servers, cluster, clients, 2);
    const victim = sites[0].master;
    const lost = sites.filter((s) => s.master === victim);
    const alive = sites.filter((s) => s.master !== victim);
    await cluster.kill(victim);

    // Each phone of a lost session, on either instance: refused as not applied (UNAVAILABLE), retryable. A command
    // already on its way when the master died may be answered OUTCOME_UNKNOWN (also retryable): that is the truth
    // from the instance's side until it has seen the connection end, so the test waits for UNAVAILABLE.
    const codes: string[] = [];
    for (const s of lost) {
      for (const p of s.phones) {
        await eventually(async () => {
          const r = await p.request('queue:raise', {});
          expect(r.ok).toBe(false);
          codes.push(r.error.code);
          expect(r.error.code).toBe('UNAVAILABLE');
        }, 10_000, 100);
      }
    }
    for (const c of codes) expect(['UNAVAILABLE', 'OUTCOME_UNKNOWN']).toContain(c);
    expect(codes.filter((c) => c === 'UNAVAILABLE')).toHaveLength(lost.length * 2);
    // The other masters' sessions: commands through both instances are applied and seen by everyone.
    for (const s of alive) {
      for (const p of s.phones) expect(await p.request('queue:raise', {})).toMatchObject({ ok: true });
      for (const c of [s.mod, ...s.phones]) await c.until(() => handsUp(c) === 2, 10_000);
    }
    // A lost session's command sent again, once the master has been gone a while: still refused the same way.
    const again = await lost[0].phones[1].request('queue:raise', {});
    expect(again).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  }, 60_000);
});

function allSubscribed(servers: TestServer[], sessionId: string): boolean {
  return servers.every((s) => s.app.realtime.relay!.subscribed().includes(sessionId));
}
