import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../server/store/redisStore.js';
import { REDIS_URL, createSession, joinSession, projectorToken, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';

/**
 * Highlights end like broadcasts: `minutes` on bridge:highlight, and at expiresAt (the store's clock, which
 * the hub follows) the server takes it off the projector and the wall. The deployment's clock is moved
 * forward by a minute in the test (the store's time and this instance's clock together, so the hub's
 * periodic clock sync agrees), instead of waiting a minute.
 */
describe('[H] highlighted remarks expire on the projector and the wall', () => {
  let server: TestServer;
  let skew = 0;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    const store = await RedisStore.connect({ url: REDIS_URL });
    const storeTime = store.time.bind(store);
    store.time = async () => (await storeTime()) + skew;
    server = await startServer({ store, clock: () => Date.now() + skew });
  }, 30_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await server?.close();
  });

  it('[H1] a 1-minute highlight leaves the projector and the wall after its minute; a 0-minute one stays', async () => {
    const session = await createSession(server);
    const mod = new TestClient(server.url, session.onsiteModeratorToken);
    const projector = new TestClient(server.url, projectorToken(session.projectorUrl));
    const p = await joinSession(server, session.joinCode, 'Remy', 'online');
    const person = new TestClient(server.url, p.token);
    clients.push(mod, projector, person);
    await Promise.all([mod.ready(), projector.ready(), person.ready()]);

    const short = await mod.request('bridge:highlight', { source: { kind: 'remark', personId: p.personId, text: 'Buses every ten minutes' }, minutes: 1 });
    expect(short.ok).toBe(true);
    const lasting = await mod.request('bridge:highlight', { source: { kind: 'remark', personId: null, name: 'Hall', text: 'Thank you all' }, minutes: 0 });
    expect(lasting.ok).toBe(true);
    const byDefault = await mod.request('bridge:highlight', { source: { kind: 'remark', personId: null, text: 'Default time' } });
    await mod.until((s) => s.bridge.highlights.length === 3);
    const [h1, h2, h3] = mod.state!.bridge.highlights;
    expect(h1.expiresAt! - h1.saidAt).toBe(60_000);
    expect(h2.expiresAt).toBeNull();
    expect(h3.id).toBe(byDefault.highlightId);
    expect(h3.expiresAt! - h3.saidAt).toBe(10 * 60_000);

    expect((await mod.request('bridge:project', { highlightId: short.highlightId })).ok).toBe(true);
    expect((await mod.request('wall:show', { content: { kind: 'highlight', highlightId: short.highlightId } })).ok).toBe(true);
    await projector.until((s) => s.bridge.projected?.id === short.highlightId && s.wall?.kind === 'highlight');
    const wall = projector.state!.wall as { kind: 'highlight'; expiresAt?: number | null };
    expect(wall.expiresAt).toBe(h1.expiresAt);
    // Still there a second later: the due loop (every 250 ms) does not take it early.
    await new Promise((r) => setTimeout(r, 1000));
    expect(projector.state!.bridge.projected?.id).toBe(short.highlightId);

    // The deployment's clock passes the minute.
    skew += 61_000;
    await projector.until((s) => s.bridge.projected === null && !s.wall, 5000);
    // The moderators keep it in their list (the record of the day); projecting it again is refused.
    expect(mod.state!.bridge.highlights.map((h) => h.id)).toContain(short.highlightId);
    expect((await mod.request('bridge:project', { highlightId: short.highlightId })).error.code).toBe('CONFLICT');
    expect((await mod.request('wall:show', { content: { kind: 'highlight', highlightId: short.highlightId } })).error.code).toBe('CONFLICT');

    // A highlight "until removed" stays past any time, until the moderator takes it off.
    expect((await mod.request('bridge:project', { highlightId: lasting.highlightId })).ok).toBe(true);
    await projector.until((s) => s.bridge.projected?.id === lasting.highlightId);
    skew += 20 * 60_000;
    await new Promise((r) => setTimeout(r, 1000));
    expect(projector.state!.bridge.projected?.id).toBe(lasting.highlightId);
    expect((await mod.request('bridge:project', { highlightId: null })).ok).toBe(true);
    await projector.until((s) => s.bridge.projected === null);
  }, 30_000);
});
