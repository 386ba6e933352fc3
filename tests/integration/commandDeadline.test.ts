import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient, eventually } from '../helpers/clients.js';
import { OwnRedis } from '../helpers/redisServer.js';

const COMMAND_TIMEOUT_MS = 1000;
const DEADLINE_MS = 2500;

describe('[E5] a queued command whose sender has given up', () => {
  let redis: OwnRedis;
  let server: TestServer;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    server = await startServer({
      redisUrl: redis.url,
      // One command per append: group commit (issue 20) would put the whole pile into one or two appends, and
      // this test is about what waits behind more appends than the deadline allows.
      env: { REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS), COMMAND_DEADLINE_MS: String(DEADLINE_MS), COMMIT_BATCH_MAX: '1' },
    });
  });
  afterAll(async () => {
    redis?.thaw();
    await server?.close();
    await redis?.stop();
  });

  it('is dropped before it runs, answered UNAVAILABLE (nothing applied), so the retry with the same cid takes its place', async () => {
    const session = await createSession(server);
    const mod = new TestClient(server.url, session.onsiteModeratorToken);
    await mod.ready();
    const p = await joinSession(server, session.joinCode, 'Renamed often');
    const N = 12;
    const renames = Array.from({ length: N }, (_, i) => ({ personId: p.personId, name: `Name ${i}`, cid: `deadline-rename-${i}` }));

    // Renames go straight to the session's queue (no store call before it): behind a frozen store they pile up,
    // each append waiting out the command timeout.
    redis.freeze();
    const start = Date.now();
    const answers = await Promise.all(
      renames.map(async (r) => {
        const res = await mod.request('people:rename', r);
        return { ...r, res, after: Date.now() - start };
      }),
    );
    // Everything was answered while Redis was still frozen.
    redis.thaw();

    // Without deadlines the queue would run one append per command timeout (N × 1 s, past the thaw); with
    // them everything is answered by (deadline + one command timeout), while Redis is still frozen.
    const margin = 1500; // a loaded 2-core machine
    for (const a of answers) expect(a.after).toBeLessThanOrEqual(DEADLINE_MS + COMMAND_TIMEOUT_MS + margin);
    const dropped = answers.filter((a) => a.res.error?.code === 'UNAVAILABLE');
    expect(dropped.length).toBeGreaterThan(N / 2);
    for (const a of answers) expect(a.res.ok).toBe(false);

    // Redis returns: what was answered UNAVAILABLE was not applied; retries (same cid) are applied once each.
    await eventually(async () => expect((await fetch(`${server.url}/readyz`)).status).toBe(200), 10_000);
    const before = await server.app.store.readLog(session.sessionId, 0);
    const named = (log: typeof before, name: string) => log.filter((e) => e.type === 'person:renamed' && (e.data as { name: string }).name === name);
    for (const a of dropped) expect(named(before, a.name)).toHaveLength(0);

    for (const r of renames) {
      await eventually(async () => expect((await mod.request('people:rename', r)).ok).toBe(true), 10_000);
    }
    const log = await server.app.store.readLog(session.sessionId, 0);
    for (const r of renames) expect(named(log, r.name), r.cid).toHaveLength(1);
    mod.close();
  }, 60_000);
});
