import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, REDIS_URL, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { startProcessServer, type ProcessServer } from '../helpers/processServer.js';
import { LOAD_ENV, joinMany, sessionWithStaff } from '../helpers/pollCluster.js';

describe('[P14] an instance dies right after acking ballots', () => {
  let survivor: TestServer;
  let doomed: ProcessServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    [survivor, doomed] = await Promise.all([startServer({ redisUrl: REDIS_URL, env: LOAD_ENV }), startProcessServer(LOAD_ENV)]);
  }, 30_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await doomed.kill();
    await survivor.close();
  });

  it('[P14] ballots acked by the killed instance are still counted in the final tally', async () => {
    const { session, moderator, observers } = await sessionWithStaff([survivor]);
    clients.push(moderator, ...observers);
    const joins = await joinMany([survivor], session.joinCode, 10, 'Kill');
    const created = await moderator.request('polls:create', { poll: { kind: 'yesno', question: 'Still counted?' } });
    await moderator.request('polls:open', { pollId: created.pollId });
    // Half vote through the process that will die, half through the survivor.
    const viaDoomed = joins.slice(0, 5).map((j) => new TestClient(doomed.url, j.token));
    const viaSurvivor = joins.slice(5).map((j) => new TestClient(survivor.url, j.token));
    clients.push(...viaDoomed, ...viaSurvivor);
    await Promise.all([...viaDoomed, ...viaSurvivor].map((c) => c.ready()));
    await Promise.all([...viaDoomed, ...viaSurvivor].map((c) => c.until((s) => s.polls[created.pollId]?.status === 'open')));
    const acks = await Promise.all(viaDoomed.map((c) => c.request('polls:vote', { pollId: created.pollId, ballot: { choices: [0] } })));
    expect(acks.every((a) => a.ok)).toBe(true);
    await doomed.kill(); // right after the acks, before any live publish window could pass
    expect(doomed.child.signalCode).toBe('SIGKILL');
    const acks2 = await Promise.all(viaSurvivor.map((c) => c.request('polls:vote', { pollId: created.pollId, ballot: { choices: [1] } })));
    expect(acks2.every((a) => a.ok)).toBe(true);
    expect((await moderator.request('polls:close', { pollId: created.pollId })).ok).toBe(true);
    await observers[0].until((s) => !!s.pollResults[created.pollId]);
    expect(observers[0].state!.pollResults[created.pollId].overall.counts).toEqual([5, 5]);
  }, 60_000);
});
