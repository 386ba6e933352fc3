import { describe, expect, it } from 'vitest';
import { createSession, joinSession, observerToken, startServer, REDIS_URL } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';

describe('[P24] a poll deadline when the instance that opened the poll is gone', () => {
  it('is kept by another instance: the poll closes at its deadline with the exact tally', async () => {
    const a = await startServer({ redisUrl: REDIS_URL });
    const b = await startServer({ redisUrl: REDIS_URL });
    const clients: TestClient[] = [];
    try {
      const session = await createSession(b);
      const mod = new TestClient(a.url, session.onsiteModeratorToken);
      const voter = new TestClient(b.url, (await joinSession(b, session.joinCode, 'Vera')).token);
      const observer = new TestClient(b.url, (await observerToken(b, session.observerUrl, 'Obi')).token);
      clients.push(mod, voter, observer);
      await Promise.all(clients.map((c) => c.ready()));
      const { pollId } = await mod.request('polls:create', { poll: { kind: 'yesno', question: 'Timed, then orphaned' } });
      expect((await mod.request('polls:open', { pollId, durationSec: 10 })).ok).toBe(true);
      await voter.until((s) => s.polls[pollId]?.status === 'open');
      expect((await voter.request('polls:vote', { pollId, ballot: { choices: [0] } })).ok).toBe(true);
      mod.close();
      await a.close(); // the opener is gone long before the deadline
      await observer.until((s) => s.polls[pollId]?.status === 'closed' && !!s.pollResults[pollId], 20_000);
      expect(observer.state!.pollResults[pollId].overall.counts).toEqual([1, 0]);
      const log = await b.app.store.readLog(session.sessionId, 0);
      expect(log.filter((e) => e.type === 'poll:closed')).toHaveLength(1);
    } finally {
      for (const c of clients) c.close();
      await b.close();
      await a.close().catch(() => undefined);
    }
  }, 40_000);
});
