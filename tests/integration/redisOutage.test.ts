import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient, eventually } from '../helpers/clients.js';
import { OwnRedis } from '../helpers/redisServer.js';

describe('[F4] when Redis goes away', () => {
  let redis: OwnRedis;
  let server: TestServer;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    server = await startServer({ redisUrl: redis.url });
  });
  afterAll(async () => {
    await server?.close();
    await redis?.stop();
  });

  it('is not ready, refuses writes with the retryable UNAVAILABLE, keeps what was acked, and recovers by itself', async () => {
    const session = await createSession(server);
    const mod = new TestClient(server.url, session.onsiteModeratorToken);
    await mod.ready();
    const p = await joinSession(server, session.joinCode, 'Before');
    const renamed = await mod.request('people:rename', { personId: p.personId, name: 'Acked before the outage' });
    expect(renamed.ok).toBe(true);

    await redis.kill();
    await eventually(async () => expect((await fetch(`${server.url}/readyz`)).status).toBe(503), 5000);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const refused = await mod.request('people:rename', { personId: p.personId, name: 'During the outage' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    const join = await fetch(`${server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: session.joinCode, name: 'X', modality: 'online' }) });
    expect(join.status).toBe(503);

    await redis.start();
    await eventually(async () => expect((await fetch(`${server.url}/readyz`)).status).toBe(200), 10_000);
    const log = await server.app.store.readLog(session.sessionId, 0);
    expect(log.some((e) => e.type === 'person:renamed' && (e.data as { name: string }).name === 'Acked before the outage')).toBe(true);
    expect(log.some((e) => e.type === 'person:renamed' && (e.data as { name: string }).name === 'During the outage')).toBe(false);
    const after = await eventually(async () => {
      const r = await mod.request('people:rename', { personId: p.personId, name: 'After' });
      expect(r.ok).toBe(true);
      return r;
    }, 10_000);
    expect(after.seq).toBeGreaterThan(renamed.seq);
    mod.close();
  });
});
