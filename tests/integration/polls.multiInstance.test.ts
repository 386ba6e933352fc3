import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/servers.js';
import { TestClient, eventually } from '../helpers/clients.js';
import { joinMany, resultsOf, sessionWithStaff, startPollCluster } from '../helpers/pollCluster.js';

const N = 300;

describe('[P10] polls on two instances and one Redis', () => {
  let servers: TestServer[];
  const clients: TestClient[] = [];
  let ctx: Awaited<ReturnType<typeof sessionWithStaff>>;
  let voters: Array<TestClient & { name: string; modality: string; pid: string }>;

  beforeAll(async () => {
    servers = await startPollCluster(2);
    ctx = await sessionWithStaff(servers);
    clients.push(ctx.moderator, ...ctx.observers);
    const joins = await joinMany(servers, ctx.session.joinCode, N);
    voters = joins.map((j, i) => Object.assign(new TestClient(servers[(i + 1) % 2].url, j.token), { name: j.name, modality: j.modality, pid: j.personId }));
    clients.push(...voters);
    for (let i = 0; i < voters.length; i += 50) await Promise.all(voters.slice(i, i + 50).map((c) => c.ready()));
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  async function openPoll(poll: Record<string, unknown>) {
    const created = await ctx.moderator.request('polls:create', { poll });
    expect(created.ok).toBe(true);
    const opened = await ctx.moderator.request('polls:open', { pollId: created.pollId });
    expect(opened.ok).toBe(true);
    await eventually(() => {
      for (const v of voters) expect(v.state!.polls[created.pollId]?.status).toBe('open');
    }, 10_000);
    return created.pollId as string;
  }

  it('[P10] 300 voters at once, a third change their vote: the final tally is each last ballot, identical everywhere', async () => {
    const pollId = await openPoll({ kind: 'single', question: 'Which first?', options: ['A', 'B', 'C', 'D'] });
    const first = voters.map((_, i) => i % 4);
    const acks = await Promise.all(voters.map((v, i) => v.request('polls:vote', { pollId, ballot: { choices: [first[i]] } })));
    expect(acks.every((a) => a.ok)).toBe(true);
    const last = [...first];
    const changers = voters.map((_, i) => i).filter((i) => i % 3 === 1);
    const acks2 = await Promise.all(changers.map((i) => voters[i].request('polls:vote', { pollId, ballot: { choices: [(first[i] + 1) % 4] } })));
    expect(acks2.every((a) => a.ok)).toBe(true);
    for (const i of changers) last[i] = (first[i] + 1) % 4;
    const expected = [0, 1, 2, 3].map((o) => last.filter((x) => x === o).length);
    const onsite = [0, 1, 2, 3].map((o) => last.filter((x, i) => x === o && voters[i].modality === 'onsite').length);

    const closed = await ctx.moderator.request('polls:close', { pollId });
    expect(closed.ok).toBe(true);
    // Observers on both instances get the final message and the logged tally; both equal the expectation.
    for (const o of ctx.observers) {
      await eventually(() => expect(resultsOf(o, pollId).some((r) => r.final)).toBe(true), 5000);
      await o.until((s) => !!s.pollResults[pollId]);
      const final = resultsOf(o, pollId).filter((r) => r.final).at(-1);
      expect(final.overall.counts).toEqual(expected);
      expect(final.overall.n).toBe(N);
      expect(final.byModality.onsite.counts).toEqual(onsite);
      expect(o.state!.pollResults[pollId].overall.counts).toEqual(expected);
    }
    // The store holds exactly one ballot per person, the last one.
    const stored = await servers[1].app.store.readBallots(ctx.session.sessionId, pollId);
    expect(stored.size).toBe(N);
    voters.forEach((v, i) => expect(JSON.parse(stored.get(v.pid)!).b).toEqual({ choices: [last[i]] }));
    // Participants see results live by default: the logged final tally reached them too.
    await voters[0].until((s) => s.pollResults[pollId]?.overall.counts.join() === expected.join());
  }, 60_000);

  it('[P11] the same ballot sent twice (retry after a lost ack) counts once', async () => {
    const pollId = await openPoll({ kind: 'yesno', question: 'Retry?' });
    const v = voters[5];
    const a = await v.request('polls:vote', { pollId, ballot: { choices: [0] }, cid: 'retry-cid-0001' });
    const b = await v.request('polls:vote', { pollId, ballot: { choices: [0] }, cid: 'retry-cid-0001' });
    expect(a.ok && b.ok).toBe(true);
    await ctx.moderator.request('polls:close', { pollId });
    await ctx.observers[1].until((s) => !!s.pollResults[pollId]);
    expect(ctx.observers[1].state!.pollResults[pollId].overall.counts).toEqual([1, 0]);
    expect(ctx.observers[1].state!.pollResults[pollId].overall.n).toBe(1);
  });

  it('[P12] refused ballots carry a typed error and change nothing', async () => {
    const pollId = await openPoll({ kind: 'multiple', question: 'Pick two', options: ['a', 'b', 'c'], maxChoices: 2 });
    const v = voters[7];
    expect((await v.request('polls:vote', { pollId, ballot: { choices: [1] } })).ok).toBe(true);
    const refused = async (c: TestClient, payload: unknown) => (await c.request('polls:vote', payload)).error?.code;
    expect(await refused(v, { pollId, ballot: { choices: [5] } })).toBe('INVALID_BALLOT');
    expect(await refused(v, { pollId, ballot: { choices: [0, 1, 2] } })).toBe('INVALID_BALLOT');
    expect(await refused(v, { pollId, ballot: { value: 3 } })).toBe('INVALID_BALLOT');
    expect(await refused(v, { pollId: 'nope', ballot: { choices: [0] } })).toBe('NOT_FOUND');
    expect(await refused(ctx.observers[0], { pollId, ballot: { choices: [0] } })).toBe('FORBIDDEN');
    expect(await refused(ctx.moderator, { pollId, ballot: { choices: [0] } })).toBe('FORBIDDEN');
    // A poll for the breakout groups: a participant in the plenary is in another room.
    const other = await openPoll({ kind: 'yesno', question: 'Groups only', target: { kind: 'breakouts' } });
    expect(await refused(v, { pollId: other, ballot: { choices: [0] } })).toBe('FORBIDDEN');
    expect((await servers[0].app.store.readBallots(ctx.session.sessionId, other)).size).toBe(0);
    await ctx.moderator.request('polls:close', { pollId });
    await v.until((s) => s.polls[pollId].status === 'closed');
    expect(await refused(v, { pollId, ballot: { choices: [0] } })).toBe('POLL_CLOSED');
    const stored = await servers[0].app.store.readBallots(ctx.session.sessionId, pollId);
    expect([...stored.values()].map((x) => JSON.parse(x).b)).toEqual([{ choices: [1] }]);
    await ctx.observers[0].until((s) => !!s.pollResults[pollId]);
    expect(ctx.observers[0].state!.pollResults[pollId].overall.counts).toEqual([0, 1, 0]);
  });

  it('[P13] live results to an observer stay under the rate bound during a burst; the final tally they keep is exact', async () => {
    const pollId = await openPoll({ kind: 'scale', question: 'Threat or opportunity?', min: 1, max: 5 });
    const obs = ctx.observers[0];
    const started = Date.now();
    const values = voters.map((_, i) => 1 + (i % 5));
    // Three waves so the burst spans several publishing windows.
    for (let w = 0; w < 3; w++) {
      const acks = await Promise.all(voters.map((v, i) => v.request('polls:vote', { pollId, ballot: { value: w === 2 ? values[i] : 1 + ((i + w) % 5) } })));
      expect(acks.every((a) => a.ok)).toBe(true);
    }
    const expected = [1, 2, 3, 4, 5].map((x) => values.filter((v) => v === x).length);
    await eventually(() => expect(resultsOf(obs, pollId).at(-1)?.overall.counts).toEqual(expected), 3000);
    const elapsed = Date.now() - started;
    const live = resultsOf(obs, pollId);
    // At most one message per 250 ms window cluster-wide, plus the window in progress at each end.
    expect(live.length).toBeGreaterThan(0);
    expect(live.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 2);
    expect(live.length).toBeLessThan(N);
    await ctx.moderator.request('polls:close', { pollId });
    // A live tally computed on the other instance just before it learnt of the close may still arrive after the
    // final one; screens keep the final tally whatever comes later (useLiveResults), so the final is what counts.
    await eventually(() => expect(resultsOf(obs, pollId).some((r) => r.final)).toBe(true));
    expect(resultsOf(obs, pollId).filter((r) => r.final).at(-1).overall.counts).toEqual(expected);
  }, 30_000);

  it('[P15] anonymity: no result or live message to observers or participants holds a person id or name', async () => {
    const pollId = await openPoll({ kind: 'open', question: 'One word?' });
    await Promise.all(voters.slice(0, 40).map((v, i) => v.request('polls:vote', { pollId, ballot: { text: i % 2 ? 'training' : 'basic income' } })));
    await eventually(() => expect(resultsOf(ctx.observers[1], pollId).at(-1)?.open.answers.length).toBe(40), 3000);
    await ctx.moderator.request('polls:close', { pollId });
    await ctx.observers[0].until((s) => !!s.pollResults[pollId]);
    await voters[0].until((s) => !!s.pollResults[pollId]);
    const secrets = voters.flatMap((v) => [v.pid, v.name]);
    const resultTypes = new Set(['poll:finalResults']);
    for (const c of [...ctx.observers, ...voters.slice(0, 20)]) {
      const msgs = c.raw.filter((m) => m.event === 'poll:results' || m.event === 'poll:progress' || (m.event === 'session:event' && resultTypes.has((m.args[0] as { type: string }).type)));
      expect(msgs.length).toBeGreaterThan(0);
      const text = JSON.stringify(msgs);
      for (const s of secrets) expect(text.includes(`"${s}"`) || text.includes(s + '"')).toBe(false);
    }
  }, 30_000);
});
