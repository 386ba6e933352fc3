import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import { createSession, joinSession, REDIS_URL, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';

/** Two instances whose machines disagree by 90 s; Redis (on this machine) keeps the real time. */
const SKEW_MS = 45_000;
/** The shortest duration the protocol accepts. */
const DURATION_S = 10;

describe('[E9] one clock for event times and deadlines', () => {
  let ahead: TestServer;
  let behind: TestServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    ahead = await startServer({ redisUrl: REDIS_URL, clock: () => Date.now() + SKEW_MS });
    behind = await startServer({ redisUrl: REDIS_URL, clock: () => Date.now() - SKEW_MS });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all([ahead?.close(), behind?.close()]);
  });

  it('instances with skewed clocks stamp events with the store clock and fire a poll deadline at the same moment', async () => {
    // Both estimate the store's clock, not their own.
    for (const s of [ahead, behind]) expect(Math.abs(s.app.hub.now() - Date.now())).toBeLessThan(1000);

    const session = await createSession(ahead);
    const modBehind = new TestClient(behind.url, session.onsiteModeratorToken);
    const p = await joinSession(ahead, session.joinCode, 'Voter');
    const voterAhead = new TestClient(ahead.url, p.token);
    clients.push(modBehind, voterAhead);
    await Promise.all([modBehind.ready(), voterAhead.ready()]);
    const time = await voterAhead.request('time:sync', { clientSentAt: Date.now() });
    expect(Math.abs(time.serverTime - Date.now())).toBeLessThan(1000);

    const created = await modBehind.request('polls:create', { poll: { kind: 'yesno', question: 'Timed on a skewed instance' } });
    const pollId = created.pollId as string;
    const openedAtReal = Date.now();
    // Opened through the instance whose clock is 45 s behind; both instances run the deadline loop.
    const openRes = await modBehind.request('polls:open', { pollId, durationSec: DURATION_S });
    expect(openRes).toMatchObject({ ok: true });
    await voterAhead.until((s) => s.polls[pollId]?.status === 'open');
    // The instance 45 s ahead neither closes it at once nor refuses the ballot as late.
    expect((await voterAhead.request('polls:vote', { pollId, ballot: { choices: [0] } })).ok).toBe(true);
    await voterAhead.until((s) => s.polls[pollId]?.status === 'closed', DURATION_S * 1000 + 5000);
    const closedAtReal = Date.now();
    expect(closedAtReal - openedAtReal).toBeGreaterThanOrEqual(DURATION_S * 1000 - 500);

    const log = await ahead.app.store.readLog(session.sessionId, 0);
    const opened = log.find((e: StoredEvent) => e.type === 'poll:opened' && (e.data as { poll: { id: string } }).poll.id === pollId)!;
    const closed = log.find((e: StoredEvent) => e.type === 'poll:closed' && (e.data as { pollId: string }).pollId === pollId)!;
    const deadline = (opened.data as { poll: { deadline: number } }).poll.deadline;
    // Event times are the store's (real) time, not either instance's.
    expect(Math.abs(opened.at - openedAtReal)).toBeLessThan(1500);
    // The deadline was set on the store's clock…
    expect(Math.abs(deadline - (opened.at + DURATION_S * 1000))).toBeLessThan(500);
    // …and the close is stamped at it (the due loop runs every 250 ms; margins for a loaded machine).
    expect(closed.at).toBeGreaterThanOrEqual(deadline - 300);
    expect(closed.at - deadline).toBeLessThan(2500);
    expect(log.filter((e) => e.type === 'poll:closed')).toHaveLength(1);
    // Every stamp of the log is in order: one clock.
    for (let i = 1; i < log.length; i++) expect(log[i].at).toBeGreaterThanOrEqual(log[i - 1].at);
  }, 30_000);
});
