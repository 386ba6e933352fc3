import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/servers.js';
import { ORGANISER_KEY } from '../helpers/servers.js';
import { TestClient, eventually } from '../helpers/clients.js';
import { joinMany, resultsOf, sessionWithStaff, startPollCluster } from '../helpers/pollCluster.js';
import { ReportSchema } from '../../shared/report/schema.js';

describe('[PD3] people without a device: a helper enters paper questionnaires', () => {
  let servers: TestServer[];
  const clients: TestClient[] = [];
  let ctx: Awaited<ReturnType<typeof sessionWithStaff>>;
  let online: TestClient;
  let other: TestClient;

  beforeAll(async () => {
    servers = await startPollCluster(2);
    ctx = await sessionWithStaff(servers);
    clients.push(ctx.moderator, ...ctx.observers);
    // joinMany: person 0 onsite, person 1 online.
    const joins = await joinMany(servers, ctx.session.joinCode, 2, 'Paper');
    other = new TestClient(servers[0].url, joins[0].token);
    online = new TestClient(servers[1].url, joins[1].token);
    clients.push(online, other);
    await Promise.all([online.ready(), other.ready()]);
  }, 30_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('[PD3.1] two paper questionnaires count as onsite and "entered by a helper", live and in the report', async () => {
    const created = await ctx.moderator.request('polls:createQuestionnaire', {
      title: 'Paper and phones',
      polls: [
        { kind: 'yesno', question: 'Do you have a smartphone?' },
        { kind: 'open', question: 'Why not?', showIf: { question: 0, options: [1] } },
        { kind: 'single', question: 'Best channel', options: ['Post', 'Phone', 'Counter'] },
      ],
    });
    const [phone, whyNot, channel] = created.pollIds;
    const qid = created.questionnaireId;
    // Not open yet: refused.
    expect((await ctx.moderator.request('polls:enterPaperQuestionnaire', { questionnaireId: qid, answers: [{ pollId: phone, ballot: { choices: [1] } }] })).error.code).toBe('POLL_CLOSED');
    expect((await ctx.moderator.request('polls:openQuestionnaire', { questionnaireId: qid })).ok).toBe(true);
    await online.until((s) => s.polls[channel]?.status === 'open');
    // A participant may not enter for others.
    expect((await online.request('polls:enterPaperQuestionnaire', { questionnaireId: qid, answers: [{ pollId: phone, ballot: { choices: [0] } }] })).error.code).toBe('FORBIDDEN');
    // The device answer.
    expect((await online.request('polls:vote', { pollId: phone, ballot: { choices: [0] } })).ok).toBe(true);
    expect((await online.request('polls:vote', { pollId: channel, ballot: { choices: [1] } })).ok).toBe(true);

    // A form answering the conditional question without the answer that shows it is refused whole.
    const hidden = await ctx.moderator.request('polls:enterPaperQuestionnaire', {
      questionnaireId: qid,
      answers: [{ pollId: phone, ballot: { choices: [0] } }, { pollId: whyNot, ballot: { text: 'Too expensive' } }],
    });
    expect(hidden.error.code).toBe('QUESTION_NOT_SHOWN');
    // Two paper forms; the first is sent twice with one cid (a retry): still one respondent.
    const form1 = { questionnaireId: qid, answers: [{ pollId: phone, ballot: { choices: [1] } }, { pollId: whyNot, ballot: { text: 'Too expensive' } }, { pollId: channel, ballot: { choices: [2] } }], cid: 'paper-form-0001' };
    const a = await ctx.moderator.request('polls:enterPaperQuestionnaire', form1);
    const again = await ctx.moderator.request('polls:enterPaperQuestionnaire', form1);
    expect(a.ok).toBe(true);
    expect(again.respondentId).toBe(a.respondentId);
    const b = await ctx.moderator.request('polls:enterPaperQuestionnaire', { questionnaireId: qid, answers: [{ pollId: phone, ballot: { choices: [1] } }, { pollId: channel, ballot: { choices: [2] } }] });
    expect(b.ok).toBe(true);
    expect(b.respondentId).not.toBe(a.respondentId);
    // A single poll answer entered for someone.
    const single = await ctx.moderator.request('polls:create', { poll: { kind: 'single', question: 'Lunch?', options: ['yes', 'no'] } });
    await ctx.moderator.request('polls:open', { pollId: single.pollId });
    expect((await ctx.moderator.request('polls:enterForParticipant', { pollId: single.pollId, ballot: { choices: [0] } })).ok).toBe(true);

    await eventually(() => {
      const r = resultsOf(ctx.observers[0], channel).at(-1);
      expect(r?.overall.counts).toEqual([0, 1, 2]);
      expect(r?.byModality.onsite.counts).toEqual([0, 0, 2]);
      expect(r?.byModality.online.counts).toEqual([0, 1, 0]);
      expect(r?.byEntry?.helper.counts).toEqual([0, 0, 2]);
      expect(r?.byEntry?.device.counts).toEqual([0, 1, 0]);
    }, 5000);
    await eventually(() => {
      const last = ctx.moderator.raw.filter((m) => m.event === 'poll:progress').at(-1)?.args[0] as { started: number } | undefined;
      expect(last?.started).toBe(3);
    }, 5000);
    expect((await ctx.moderator.request('polls:closeQuestionnaire', { questionnaireId: qid })).ok).toBe(true);
    await ctx.observers[1].until((s) => !!s.pollResults[phone]);
    expect(ctx.observers[1].state!.pollResults[phone].byEntry?.helper.n).toBe(2);

    const get = (f: string) => fetch(`${servers[1].url}/api/sessions/${ctx.session.sessionId}/${f}`, { headers: { 'x-organiser-key': ORGANISER_KEY } });
    const report = ReportSchema.parse(await (await get('report.json')).json());
    const rp = report.polls.find((p) => p.id === channel)!;
    expect(rp.byModality.onsite.n).toBe(2);
    expect(rp.byEntry?.helper.counts).toEqual([0, 0, 2]);
    expect(report.polls.find((p) => p.id === whyNot)!.open?.answers).toEqual(['Too expensive']);
    const csv = await (await get('report.csv')).text();
    expect(csv).toMatch(new RegExp(`${channel},Best channel,single,entered_by_helper,Counter,2,`));
    const html = await (await get('report.html')).text();
    expect(html).toContain('<th>Entered by a helper</th>');
    expect(html).toContain('entered by a helper 2');
  });
});
