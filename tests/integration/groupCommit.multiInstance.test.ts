import { readHistory } from '../../server/store/Store.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient, eventually } from '../helpers/clients.js';

/** Rate limits out of the way: this test is about the log's writers, not about a person's pace. */
const ENV = { COMMANDS_PER_SECOND: '100000', COMMAND_BURST: '100000', PERSON_COMMANDS_PER_10S: '100000' };
const PER_INSTANCE = 600;

function appendCalls(s: TestServer): number {
  return (s.app.store as unknown as { appendCalls: number }).appendCalls;
}

/**
 * [W20] No starvation, group commit (issue 20). Two instances each take 600 commands at once for the same
 * session. Before, the instance that had just appended kept winning and the other re-read, re-decided and
 * sometimes gave up ("too much contention"); now commands that arrive together are appended together, and a
 * writer that lost a race has the next turn.
 */
describe('[W20] two instances × 600 concurrent commands', () => {
  let servers: TestServer[] = [];
  const clients: TestClient[] = [];
  beforeAll(async () => {
    servers = [await startServer({ redisUrl: REDIS_URL, env: ENV }), await startServer({ redisUrl: REDIS_URL, env: ENV })];
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('none fails for contention, the log is identical everywhere, appends per command ≤ 1.1', async () => {
    const [a, b] = servers;
    const session = await createSession(a);
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => joinSession(servers[i % 2], session.joinCode, `Person ${i}`)));
    const modA = new TestClient(a.url, session.onsiteModeratorToken);
    const modB = new TestClient(b.url, session.onlineModeratorToken);
    clients.push(modA, modB);
    await Promise.all([modA.ready(), modB.ready()]);
    // Presence of the two moderators logged and seen everywhere before counting.
    await eventually(async () => {
      const head = await a.app.store.headSeq(session.sessionId);
      expect(modA.state!.seq).toBe(head);
      expect(modB.state!.seq).toBe(head);
    }, 10_000);

    const callsBefore = appendCalls(a) + appendCalls(b);
    const headBefore = await a.app.store.headSeq(session.sessionId);
    const send = (mod: TestClient, side: string) =>
      Array.from({ length: PER_INSTANCE }, (_, i) => mod.request('people:setLabel', { personId: people[i % people.length].personId, label: `${side}${i}`, cid: `w20-cmd-${side}-${i}` }));
    const acks = await Promise.all([...send(modA, 'a'), ...send(modB, 'b')]);
    const failed = acks.filter((r) => !r.ok);
    expect(failed.map((r) => r.error)).toEqual([]);

    const calls = appendCalls(a) + appendCalls(b) - callsBefore;
    // The whole history: 1,200 commands pass SNAPSHOT_EVERY, so the log's head is trimmed into the archive.
    const log = await readHistory(a.app.store, session.sessionId);
    const labels = log.filter((e) => e.seq > headBefore && e.type === 'person:labelled');
    expect(labels).toHaveLength(2 * PER_INSTANCE);
    // Every command id once in the log.
    expect(new Set(labels.map((e) => e.cid)).size).toBe(2 * PER_INSTANCE);
    expect(calls / (2 * PER_INSTANCE)).toBeLessThanOrEqual(1.1);

    // Both instances and both moderators' screens hold the log's state.
    await eventually(async () => {
      const [ra, rb] = await Promise.all([a.app.hub.require(session.sessionId), b.app.hub.require(session.sessionId)]);
      const head = await a.app.store.headSeq(session.sessionId);
      expect(ra.state.seq).toBe(head);
      expect(rb.state.seq).toBe(head);
      expect(JSON.stringify(rb.state)).toBe(JSON.stringify(ra.state));
      expect(ra.recent.map((e) => e.seq)).toEqual(rb.recent.map((e) => e.seq));
      expect(JSON.stringify(ra.recent.slice(-2 * PER_INSTANCE))).toBe(JSON.stringify(log.slice(-2 * PER_INSTANCE)));
      expect(modA.state!.seq).toBe(head);
      expect(modB.state!.seq).toBe(head);
    }, 15_000);
    console.log(`[W20] ${2 * PER_INSTANCE} commands, ${calls} append script calls (${(calls / (2 * PER_INSTANCE)).toFixed(3)} per command)`);
  }, 120_000);
});
