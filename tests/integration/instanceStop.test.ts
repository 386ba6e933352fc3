import { describe, expect, it } from 'vitest';
import { createSession, joinSession, startServer, REDIS_URL } from '../helpers/servers.js';
import { TestClient, eventually } from '../helpers/clients.js';
import { isConnected } from '../../shared/domain/state.js';

describe('[F5] stopping one instance', () => {
  it("disconnects only its own sockets, logs their goodbye, and the other instance's clients stay served", async () => {
    const a = await startServer({ redisUrl: REDIS_URL });
    const b = await startServer({ redisUrl: REDIS_URL });
    try {
      const session = await createSession(a);
      const onA = await joinSession(a, session.joinCode, 'On A');
      const onB = await joinSession(b, session.joinCode, 'On B');
      const ca = new TestClient(a.url, onA.token);
      const cb = new TestClient(b.url, onB.token);
      await Promise.all([ca.ready(), cb.ready()]);
      await cb.until((s) => isConnected(s.people[onA.personId]) && isConnected(s.people[onB.personId]));
      let bDropped = false;
      cb.socket.on('disconnect', () => (bDropped = true));
      await a.close();
      // The stopping instance logged that its person left; the other one still serves its client.
      await cb.until((s) => !isConnected(s.people[onA.personId]));
      expect(bDropped).toBe(false);
      expect(cb.socket.connected).toBe(true);
      const mod = new TestClient(b.url, session.onsiteModeratorToken);
      await mod.ready();
      expect((await mod.request('people:rename', { personId: onB.personId, name: 'Still here' })).ok).toBe(true);
      await eventually(() => expect(cb.state!.people[onB.personId].name).toBe('Still here'));
      ca.close();
      cb.close();
      mod.close();
    } finally {
      await b.close();
    }
  });
});
