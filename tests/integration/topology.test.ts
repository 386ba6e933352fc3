import { describe, expect, it } from 'vitest';
import { SessionConnection } from '../../client/src/net/connection.js';
import { startProcessServer, type ProcessServer } from '../helpers/processServer.js';
import { OwnRedis } from '../helpers/redisServer.js';
import { startBalancer } from '../helpers/balancer.js';
import { eventually } from '../helpers/clients.js';
import { ORGANISER_KEY } from '../helpers/servers.js';

/**
 * The docker-compose topology, started as plain processes: a Redis with its append-only file, two app
 * instances (`tsx server/main.ts`, as in the image), and a WebSocket-passing balancer in front.
 */
describe('[T1] the production topology without Docker', () => {
  it('serves through the balancer, survives the death of an instance and of Redis, and loses nothing acked', async () => {
    const redis = await OwnRedis.start();
    const env = { REDIS_URL: redis.url, JOINS_PER_MINUTE: '100000' };
    const apps: ProcessServer[] = [await startProcessServer(env), await startProcessServer(env)];
    const lb = await startBalancer(apps.map((a) => ({ host: '127.0.0.1', port: Number(new URL(a.url).port) })));
    const conns: SessionConnection[] = [];
    try {
      const created = await fetch(`${lb.url}/api/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-organiser-key': ORGANISER_KEY },
        body: JSON.stringify({ title: 'Compose-like day' }),
      }).then((r) => r.json());
      expect(created.ok).toBe(true);
      const joined = await fetch(`${lb.url}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: created.joinCode, name: 'Rosa', modality: 'online' }),
      }).then((r) => r.json());
      // Two connections through the balancer land on the two instances (round robin).
      const mod = new SessionConnection({ token: created.onsiteModeratorToken, url: lb.url, storage: null });
      const rosa = new SessionConnection({ token: joined.token, url: lb.url, storage: null });
      conns.push(mod, rosa);
      await eventually(() => expect([mod.status, rosa.status]).toEqual(['connected', 'connected']), 10_000);
      expect((await mod.request('people:setLabel', { personId: joined.personId, label: 'before' })).ok).toBe(true);

      // An instance dies (SIGKILL): its client comes back through the balancer to the other one.
      let dropped = 0;
      for (const c of [mod, rosa]) c.socket.on('disconnect', () => dropped++);
      await apps[0].kill();
      const help = rosa.request('help:request', { note: 'no sound' });
      const label = mod.request('people:setLabel', { personId: joined.personId, label: 'after instance death' });
      expect(await help).toMatchObject({ ok: true });
      expect(await label).toMatchObject({ ok: true });
      await eventually(() => expect(rosa.state!.people[joined.personId].label).toBe('after instance death'), 10_000);
      await eventually(() => expect(Object.keys(mod.state!.help.requests)).toHaveLength(1), 10_000);
      // Round robin put the two live connections on different instances, so one of them was cut.
      expect(dropped).toBeGreaterThanOrEqual(1);

      // Redis dies (SIGKILL) and restarts from its append-only file: everything acked is still there.
      await redis.kill();
      await redis.start();
      await eventually(async () => expect((await fetch(`${apps[1].url}/readyz`)).status).toBe(200), 15_000);
      expect((await mod.request('people:rename', { personId: joined.personId, name: 'Rosa M.' })).ok).toBe(true);
      await eventually(() => expect(rosa.state!.people[joined.personId]).toMatchObject({ name: 'Rosa M.', label: 'after instance death' }), 10_000);
      const fresh = new SessionConnection({ token: joined.token, url: lb.url, storage: null });
      conns.push(fresh);
      await eventually(() => expect(fresh.status).toBe('connected'), 10_000);
      const types = Object.values(fresh.state!.help.requests).map((r) => r.note);
      expect(types).toEqual(['no sound']);
      expect(fresh.state!.seq).toBeGreaterThanOrEqual(mod.state!.seq - 2);
    } finally {
      for (const c of conns) c.close();
      await lb.close();
      await Promise.all(apps.map((a) => a.kill()));
      await redis.stop();
    }
  }, 90_000);
});
