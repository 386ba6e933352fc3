import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../server/store/keys.js';
import { TestClient } from '../helpers/clients.js';
import { createSession, joinSession, REDIS_URL, startServer, type TestServer } from '../helpers/servers.js';

/**
 * [G2] A Redis log entry that is not JSON (a hand edit, a damaged restore) never stops a session from loading:
 * it is skipped at its position on every instance, listed for the moderators, and the events after it apply.
 */
describe('[G2] an unreadable entry in a Redis log', () => {
  let writer: TestServer;
  let reader: TestServer;
  const redis = new Redis(REDIS_URL);

  beforeAll(async () => {
    writer = await startServer({ redisUrl: REDIS_URL });
  });

  afterAll(async () => {
    await writer?.close();
    await reader?.close();
    redis.disconnect();
  });

  it('is skipped and listed for the moderators; a fresh instance loads the session and the later events', async () => {
    const s = await createSession(writer);
    const maria = await joinSession(writer, s.joinCode, 'Maria', 'online');
    const head = await redis.llen(keys.log(s.sessionId));
    // Damage the entry of Maria's join in place, then log one more event after it.
    const entries = await redis.lrange(keys.log(s.sessionId), 0, -1);
    const joinIndex = entries.findIndex((e) => e.includes(maria.personId) && e.includes('person:joined'));
    expect(joinIndex).toBeGreaterThan(0);
    await redis.lset(keys.log(s.sessionId), joinIndex, '{"seq":' + (joinIndex + 1) + ', not json');
    const ana = await joinSession(writer, s.joinCode, 'Ana', 'onsite');

    // An instance that never saw the session loads it from the damaged log.
    reader = await startServer({ redisUrl: REDIS_URL });
    const rt = await reader.app.hub.require(s.sessionId);
    expect(rt.state.seq).toBeGreaterThan(head);
    expect(rt.state.damaged).toEqual([{ seq: joinIndex + 1, type: 'log:unreadable' }]);
    expect(Object.values(rt.state.people).map((p) => p.name)).toContain('Ana');
    expect(Object.values(rt.state.people).map((p) => p.name)).not.toContain('Maria');

    // The moderators' console is told; a participant's snapshot does not carry the list.
    const mod = new TestClient(reader.url, s.onsiteModeratorToken);
    const participant = new TestClient(reader.url, ana.token);
    try {
      await mod.ready();
      await participant.ready();
      expect(mod.state!.damaged).toEqual([{ seq: joinIndex + 1, type: 'log:unreadable' }]);
      expect(participant.state!.damaged ?? []).toEqual([]);
      expect(participant.state!.seq).toBe(rt.state.seq);
    } finally {
      mod.close();
      participant.close();
    }
  });
});
