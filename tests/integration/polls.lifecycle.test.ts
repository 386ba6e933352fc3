import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/servers.js';
import { TestClient, eventually } from '../helpers/clients.js';
import { answerId } from '../../shared/domain/polls/tally.js';
import { joinMany, resultsOf, sessionWithStaff, startPollCluster } from '../helpers/pollCluster.js';

describe('[P20] poll lifecycle across two instances', () => {
  let servers: TestServer[];
  const clients: TestClient[] = [];
  let ctx: Awaited<ReturnType<typeof sessionWithStaff>>;
  let voters: TestClient[];

  beforeAll(async () => {
    servers = await startPollCluster(2);
    ctx = await sessionWithStaff(servers);
    clients.push(ctx.moderator, ...ctx.observers);
    const joins = await joinMany(servers, ctx.session.joinCode, 6, 'Life');
    voters = joins.map((j, i) => new TestClient(servers[i % 2].url, j.token));
    clients.push(...voters);
    await Promise.all(voters.map((v) => v.ready()));
  }, 30_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('[P20] drafts stay with moderators; a questionnaire reports how many finished', async () => {
    const created = await ctx.moderator.request('polls:createQuestionnaire', {
      title: 'Data',
      polls: [
        { kind: 'yesno', question: 'Privacy affected?' },
        { kind: 'ranking', question: 'Rank', options: ['work', 'self', 'infrastructure'] },
      ],
    });
    expect(created.ok).toBe(true);
    await ctx.moderator.until((s) => s.questionnaires[created.questionnaireId]?.pollIds.length === 2);
    // Observers and participants do not see drafts, live or in a fresh snapshot.
    expect(ctx.observers[0].state!.polls[created.pollIds[0]]).toBeUndefined();
    const late = new TestClient(servers[1].url, (await joinMany([servers[1]], ctx.session.joinCode, 1, 'Late'))[0].token);
    clients.push(late);
    await late.ready();
    expect(Object.keys(late.state!.polls)).toHaveLength(0);

    expect((await ctx.moderator.request('polls:openQuestionnaire', { questionnaireId: created.questionnaireId })).ok).toBe(true);
    const [yn, rank] = created.pollIds;
    await Promise.all(voters.map((v) => v.until((s) => s.polls[rank]?.status === 'open')));
    // Everyone answers the first question; two of them also the second.
    await Promise.all(voters.map((v) => v.request('polls:vote', { pollId: yn, ballot: { choices: [0] } })));
    await Promise.all(voters.slice(0, 2).map((v) => v.request('polls:vote', { pollId: rank, ballot: { ranking: [2, 0, 1] } })));
    await eventually(() => {
      const last = ctx.moderator.raw.filter((m) => m.event === 'poll:progress').at(-1)?.args[0] as { finished: number; started: number } | undefined;
      expect(last).toMatchObject({ finished: 2, started: 6 });
    }, 3000);
    // Progress is for moderators only.
    expect(ctx.observers[0].raw.some((m) => m.event === 'poll:progress')).toBe(false);

    expect((await ctx.moderator.request('polls:closeQuestionnaire', { questionnaireId: created.questionnaireId })).ok).toBe(true);
    await ctx.observers[1].until((s) => !!s.pollResults[rank] && !!s.pollResults[yn]);
    expect(ctx.observers[1].state!.pollResults[yn].overall.counts).toEqual([6, 0]);
    expect(ctx.observers[1].state!.pollResults[rank].overall.meanRanks).toEqual([2, 3, 1]);
    expect(ctx.observers[1].state!.questionnaires[created.questionnaireId].status).toBe('closed');
  });

  it('[P21] show of hands is a separate series; results hidden from participants until made public', async () => {
    const created = await ctx.moderator.request('polls:create', { poll: { kind: 'single', question: 'Hands', options: ['a', 'b'], resultsVisibility: 'never' } });
    const pollId = created.pollId;
    await ctx.moderator.request('polls:open', { pollId });
    await voters[0].until((s) => s.polls[pollId]?.status === 'open');
    await voters[0].request('polls:vote', { pollId, ballot: { choices: [1] } });
    expect((await ctx.moderator.request('polls:showOfHands', { pollId, counts: [10, 3] })).ok).toBe(true);
    expect((await ctx.moderator.request('polls:showOfHands', { pollId, counts: [1] })).error.code).toBe('BAD_REQUEST');
    // Hidden results reach the moderators only (since issue 16 not the observers either: nothing of a hidden
    // poll forms on the observers' screens or the wall).
    await eventually(() => {
      const r = resultsOf(ctx.moderator, pollId).at(-1);
      expect(r?.showOfHands?.counts).toEqual([10, 3]);
      expect(r?.overall.counts).toEqual([0, 1]);
    }, 3000);
    await ctx.moderator.request('polls:close', { pollId });
    await ctx.moderator.until((s) => !!s.pollResults[pollId]);
    expect(ctx.moderator.state!.pollResults[pollId].showOfHands?.counts).toEqual([10, 3]);
    await voters[1].until((s) => s.polls[pollId]?.status === 'closed');
    await ctx.observers[0].until((s) => s.polls[pollId]?.status === 'closed');
    for (const c of [voters[1], ctx.observers[0]]) {
      expect(c.state!.pollResults[pollId]).toBeUndefined();
      expect(resultsOf(c, pollId)).toHaveLength(0);
    }
    await ctx.moderator.request('polls:setVisibility', { pollId, resultsVisibility: 'afterClose' });
    await voters[1].until((s) => s.pollResults[pollId]?.overall.counts.join() === '0,1');
    await ctx.observers[0].until((s) => s.pollResults[pollId]?.showOfHands?.counts.join() === '10,3');
  });

  it('[P22] a moderator hides an open answer: gone from the final list and word counts', async () => {
    const created = await ctx.moderator.request('polls:create', { poll: { kind: 'open', question: 'One word' } });
    const pollId = created.pollId;
    await ctx.moderator.request('polls:open', { pollId });
    await Promise.all(voters.slice(0, 3).map((v) => v.until((s) => s.polls[pollId]?.status === 'open')));
    await voters[0].request('polls:vote', { pollId, ballot: { text: 'training' } });
    await voters[1].request('polls:vote', { pollId, ballot: { text: 'offensive' } });
    await voters[2].request('polls:vote', { pollId, ballot: { text: 'Training' } });
    await ctx.moderator.request('polls:close', { pollId });
    await ctx.moderator.until((s) => !!s.pollResults[pollId]);
    const bad = ctx.moderator.state!.pollResults[pollId].open!.answers.find((a) => a.text === 'offensive')!;
    expect((await ctx.moderator.request('polls:hideAnswer', { pollId, answerId: bad.id, hidden: true })).ok).toBe(true);
    await ctx.observers[1].until((s) => s.pollResults[pollId]?.open?.hiddenCount === 1);
    const final = ctx.observers[1].state!.pollResults[pollId].open!;
    expect(final.answers.map((a) => a.text)).toEqual(['Training', 'training']);
    expect(final.words).toEqual([{ word: 'training', count: 2 }]);
  });

  it('[P22b] two people give the same open answer: hiding one leaves the other in results and the report', async () => {
    const created = await ctx.moderator.request('polls:create', { poll: { kind: 'open', question: 'Your worry' } });
    const pollId = created.pollId;
    await ctx.moderator.request('polls:open', { pollId });
    await Promise.all(voters.slice(0, 3).map((v) => v.until((s) => s.polls[pollId]?.status === 'open')));
    expect((await voters[0].request('polls:vote', { pollId, ballot: { text: 'Noisy buses' } })).ok).toBe(true);
    expect((await voters[1].request('polls:vote', { pollId, ballot: { text: 'noisy  buses' } })).ok).toBe(true);
    expect((await voters[2].request('polls:vote', { pollId, ballot: { text: 'parking' } })).ok).toBe(true);
    await ctx.moderator.request('polls:close', { pollId });
    await ctx.moderator.until((s) => !!s.pollResults[pollId]);
    const answers = ctx.moderator.state!.pollResults[pollId].open!.answers;
    const same = answers.filter((a) => a.text.toLowerCase().replace(/\s+/g, ' ') === 'noisy buses');
    expect(same).toHaveLength(2);
    expect(same[0].id).not.toBe(same[1].id);
    // The ids name the answer, not its author.
    for (const a of answers) for (const v of voters) expect(a.id).not.toContain(v.personId);
    const hide = same.find((a) => a.text === 'Noisy buses')!;
    expect((await ctx.moderator.request('polls:hideAnswer', { pollId, answerId: hide.id, hidden: true })).ok).toBe(true);
    for (const c of [ctx.moderator, ctx.observers[0], ctx.observers[1]]) {
      await c.until((s) => s.pollResults[pollId]?.open?.hiddenCount === 1);
      const open = c.state!.pollResults[pollId].open!;
      expect(open.answers.map((a) => a.text)).toEqual(['noisy  buses', 'parking']);
      expect(open.words).toEqual([
        { word: 'buses', count: 1 },
        { word: 'noisy', count: 1 },
        { word: 'parking', count: 1 },
      ]);
    }
    const report = await fetch(`${servers[1].url}/api/sessions/${ctx.session.sessionId}/report.json`, { headers: { authorization: `Bearer ${ctx.session.onsiteModeratorToken}` } });
    expect(report.status).toBe(200);
    const inReport = ((await report.json()) as { polls: { id: string; open: { answers: string[]; hiddenCount: number } | null }[] }).polls.find((p) => p.id === pollId)!;
    expect(inReport.open).toMatchObject({ answers: ['noisy  buses', 'parking'], hiddenCount: 1 });

    // A hide by the text's hash (how older logs hid answers) still hides every answer with that text.
    expect((await ctx.moderator.request('polls:hideAnswer', { pollId, answerId: answerId('NOISY buses'), hidden: true })).ok).toBe(true);
    await ctx.observers[0].until((s) => s.pollResults[pollId]?.open?.hiddenCount === 2);
    expect(ctx.observers[0].state!.pollResults[pollId].open!.answers.map((a) => a.text)).toEqual(['parking']);
    // Showing the first one again (its own id) leaves the text-hash hide in force.
    const before = resultsOf(ctx.observers[1], pollId).length;
    expect((await ctx.moderator.request('polls:hideAnswer', { pollId, answerId: hide.id, hidden: false })).ok).toBe(true);
    await eventually(() => expect(resultsOf(ctx.observers[1], pollId).length).toBeGreaterThan(before), 5000);
    expect(resultsOf(ctx.observers[1], pollId).at(-1).open).toMatchObject({ answers: [{ text: 'parking' }], hiddenCount: 2 });
  });

  it('[P23] a poll with a deadline closes by itself with its exact tally; later ballots are refused', async () => {
    const created = await ctx.moderator.request('polls:create', { poll: { kind: 'yesno', question: 'Timed' } });
    const pollId = created.pollId;
    expect((await ctx.moderator.request('polls:open', { pollId, durationSec: 10 })).ok).toBe(true);
    await voters[3].until((s) => s.polls[pollId]?.status === 'open');
    expect(voters[3].state!.polls[pollId].deadline).toBeGreaterThan(Date.now());
    expect((await voters[3].request('polls:vote', { pollId, ballot: { choices: [1] } })).ok).toBe(true);
    await ctx.observers[1].until((s) => s.polls[pollId]?.status === 'closed' && !!s.pollResults[pollId], 15_000);
    expect(ctx.observers[1].state!.pollResults[pollId].overall.counts).toEqual([0, 1]);
    expect((await voters[4].request('polls:vote', { pollId, ballot: { choices: [0] } })).error.code).toBe('POLL_CLOSED');
  }, 20_000);
});
