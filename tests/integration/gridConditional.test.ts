import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/servers.js';
import { ORGANISER_KEY } from '../helpers/servers.js';
import { TestClient, eventually } from '../helpers/clients.js';
import { joinMany, resultsOf, sessionWithStaff, startPollCluster } from '../helpers/pollCluster.js';
import { ReportSchema } from '../../shared/report/schema.js';

describe('[PD2] grid polls and conditional questions, end to end over sockets on two instances', () => {
  let servers: TestServer[];
  const clients: TestClient[] = [];
  let ctx: Awaited<ReturnType<typeof sessionWithStaff>>;
  let voters: TestClient[];

  beforeAll(async () => {
    servers = await startPollCluster(2);
    ctx = await sessionWithStaff(servers);
    clients.push(ctx.moderator, ...ctx.observers);
    // joinMany alternates modality: voters 0 and 3 are onsite, the others online.
    const joins = await joinMany(servers, ctx.session.joinCode, 4, 'Grid');
    voters = joins.map((j, i) => new TestClient(servers[i % 2].url, j.token));
    clients.push(...voters);
    await Promise.all(voters.map((v) => v.ready()));
  }, 30_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('[PD2.1] a grid poll takes one cross per person with a comment, and shows a heat map split onsite/online', async () => {
    const bad = await ctx.moderator.request('polls:create', { poll: { kind: 'grid', question: 'Where are you?', options: ['Me'], columns: ['only one'] } });
    expect(bad.error.code).toBe('BAD_REQUEST');
    const created = await ctx.moderator.request('polls:create', {
      poll: {
        kind: 'grid',
        question: { en: 'Your digital identity', fr: 'Votre identité numérique' },
        options: [{ en: 'I control it', fr: 'Je la contrôle' }, { en: 'Others control it', fr: 'D’autres la contrôlent' }],
        columns: ['Online', 'Offline', 'Both'],
      },
    });
    expect(created.ok).toBe(true);
    const pollId = created.pollId;
    expect((await ctx.moderator.request('polls:open', { pollId })).ok).toBe(true);
    await Promise.all(voters.map((v) => v.until((s) => s.polls[pollId]?.status === 'open')));
    expect(voters[1].state!.polls[pollId].columns).toEqual(['Online', 'Offline', 'Both']);
    // Refused: a cell outside the grid, a ballot of another kind.
    expect((await voters[0].request('polls:vote', { pollId, ballot: { cell: [2, 0] } })).error.code).toBe('INVALID_BALLOT');
    expect((await voters[0].request('polls:vote', { pollId, ballot: { cell: [0, 3] } })).error.code).toBe('INVALID_BALLOT');
    expect((await voters[0].request('polls:vote', { pollId, ballot: { choices: [0] } })).error.code).toBe('INVALID_BALLOT');
    expect((await voters[0].request('polls:vote', { pollId, ballot: { cell: [0, 2], comment: 'I keep my passwords on paper' } })).ok).toBe(true);
    expect((await voters[1].request('polls:vote', { pollId, ballot: { cell: [1, 0] } })).ok).toBe(true);
    expect((await voters[2].request('polls:vote', { pollId, ballot: { cell: [1, 0], comment: 'The apps decide' } })).ok).toBe(true);
    // The last cross counts: voter 3 (onsite) changes their mind.
    expect((await voters[3].request('polls:vote', { pollId, ballot: { cell: [0, 0] } })).ok).toBe(true);
    expect((await voters[3].request('polls:vote', { pollId, ballot: { cell: [0, 2] } })).ok).toBe(true);
    await eventually(() => {
      const r = resultsOf(ctx.observers[0], pollId).at(-1);
      expect(r?.overall.n).toBe(4);
      // Buckets row-major: [me×online, me×offline, me×both, others×online, others×offline, others×both].
      expect(r?.overall.counts).toEqual([0, 0, 2, 2, 0, 0]);
      expect(r?.byModality.onsite.counts).toEqual([0, 0, 2, 0, 0, 0]);
      expect(r?.byModality.online.counts).toEqual([0, 0, 0, 2, 0, 0]);
      expect(r?.open?.answers.map((a: { text: string }) => a.text)).toEqual(['I keep my passwords on paper', 'The apps decide']);
    }, 5000);
    expect((await ctx.moderator.request('polls:close', { pollId })).ok).toBe(true);

    const res = await fetch(`${servers[1].url}/api/sessions/${ctx.session.sessionId}/report.json`, { headers: { 'x-organiser-key': ORGANISER_KEY } });
    const report = ReportSchema.parse(await res.json());
    const rp = report.polls.find((p) => p.id === pollId)!;
    expect(rp.kind).toBe('grid');
    expect(rp.grid?.columns).toEqual(['Online', 'Offline', 'Both']);
    expect(rp.overall.counts).toEqual([0, 0, 2, 2, 0, 0]);
    const csv = await (await fetch(`${servers[0].url}/api/sessions/${ctx.session.sessionId}/report.csv`, { headers: { 'x-organiser-key': ORGANISER_KEY } })).text();
    expect(csv).toContain('I control it × Both');
  });

  it('[PD2.2] a conditional question is shown after the right earlier answer only; a vote on a hidden one is refused', async () => {
    const single = await ctx.moderator.request('polls:create', { poll: { kind: 'single', question: 'Alone', options: ['a', 'b'], showIf: { question: 0, options: [0] } } });
    expect(single.error.code).toBe('BAD_REQUEST');
    const forward = await ctx.moderator.request('polls:createQuestionnaire', {
      title: 'Bad',
      polls: [{ kind: 'open', question: 'Why?', showIf: { question: 1, options: [0] } }, { kind: 'yesno', question: 'Do you?' }],
    });
    expect(forward.error.code).toBe('BAD_REQUEST');
    const created = await ctx.moderator.request('polls:createQuestionnaire', {
      title: 'Online services',
      polls: [
        { kind: 'single', question: 'Do you use online public services?', options: ['Often', 'Sometimes', 'Never'] },
        { kind: 'open', question: 'What stops you?', showIf: { question: 0, options: [2, 1] } },
        { kind: 'scale', question: 'How confident are you online?' },
      ],
    });
    expect(created.ok).toBe(true);
    const [use, stops, confident] = created.pollIds;
    await ctx.moderator.until((s) => s.polls[stops]?.showIf !== undefined);
    expect(ctx.moderator.state!.polls[stops].showIf).toEqual({ pollId: use, options: [1, 2] });
    expect(ctx.moderator.state!.polls[confident].showIf).toBeUndefined();
    expect((await ctx.moderator.request('polls:openQuestionnaire', { questionnaireId: created.questionnaireId })).ok).toBe(true);
    await Promise.all(voters.map((v) => v.until((s) => s.polls[stops]?.status === 'open')));

    // Not answered yet: hidden.
    expect((await voters[0].request('polls:vote', { pollId: stops, ballot: { text: 'No computer' } })).error.code).toBe('QUESTION_NOT_SHOWN');
    // "Often": still hidden; "Never": shown.
    expect((await voters[0].request('polls:vote', { pollId: use, ballot: { choices: [0] } })).ok).toBe(true);
    expect((await voters[0].request('polls:vote', { pollId: stops, ballot: { text: 'Nothing' } })).error.code).toBe('QUESTION_NOT_SHOWN');
    expect((await voters[1].request('polls:vote', { pollId: use, ballot: { choices: [2] } })).ok).toBe(true);
    expect((await voters[1].request('polls:vote', { pollId: stops, ballot: { text: 'No computer at home' } })).ok).toBe(true);
    // The unconditional question is open to everyone.
    expect((await voters[0].request('polls:vote', { pollId: confident, ballot: { value: 4 } })).ok).toBe(true);

    expect((await ctx.moderator.request('polls:closeQuestionnaire', { questionnaireId: created.questionnaireId })).ok).toBe(true);
    await ctx.observers[0].until((s) => !!s.pollResults[stops]);
    expect(ctx.observers[0].state!.pollResults[stops].open?.answers.map((a) => a.text)).toEqual(['No computer at home']);
    expect(ctx.observers[0].state!.pollResults[stops].overall.n).toBe(1);
  });
});
