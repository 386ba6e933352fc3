import { describe, expect, it } from 'vitest';
import { useServers } from '../helpers/fixture.js';
import { createSession, joinSession, ORGANISER_KEY, type TestServer } from '../helpers/servers.js';
import type { TestClient } from '../helpers/clients.js';
import { ReportSchema } from '../../shared/report/schema.js';
import { SessionTemplateSchema } from '../../shared/report/template.js';
import { combineReports, readReport } from '../../server/capabilities/report/combine.js';

async function ok(c: TestClient, name: string, payload: unknown = {}) {
  const res = await c.request(name, payload);
  if (!res.ok) throw new Error(`${name}: ${JSON.stringify(res)}`);
  return res;
}

const TEMPLATE = {
  kind: 'dialogue-room/session-template',
  version: 1,
  title: 'Our digital future',
  languages: ['en', 'fr'],
  agenda: [{ title: 'Welcome', minutes: 10, room: 'plenary' }, { title: 'Groups', minutes: 30, room: 'breakouts' }],
  polls: [
    { id: 'q-trust', kind: 'single', question: { en: 'Do you trust online services?', fr: 'Faites-vous confiance aux services en ligne ?' }, options: ['A lot', 'A little', 'Not at all'], maxChoices: null, min: 1, max: 5, minLabel: '', maxLabel: '', target: 'plenary', resultsVisibility: 'live' },
    { id: 'q-age-ok', kind: 'yesno', question: 'Should there be an age limit for social media?', options: [], maxChoices: null, min: 1, max: 5, minLabel: '', maxLabel: '', target: 'plenary', resultsVisibility: 'afterClose' },
    { id: 'q-ease', kind: 'scale', question: 'How at ease are you online?', options: [], maxChoices: null, min: 1, max: 5, minLabel: 'not at all', maxLabel: 'fully', target: 'plenary', resultsVisibility: 'live' },
  ],
  questionnaires: [{ id: 'qn-survey', title: 'Short survey', pollIds: ['q-age-ok', 'q-ease'] }],
  profileQuestions: [{ id: 'age', question: { en: 'Your age band', fr: "Votre tranche d'âge" }, options: ['16-29', '30-59', '60+'] }],
};

const postSession = (server: TestServer, body: unknown) =>
  fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-organiser-key': ORGANISER_KEY }, body: JSON.stringify(body) });

describe('[T1] sessions created from a template', () => {
  const ctx = useServers();

  it('[T1] the template gives the agenda, draft polls with its ids, the questionnaire and the profile questions; the template id comes back', async () => {
    const res = await postSession(ctx.servers[0], { template: TEMPLATE, title: 'Lyon, 12 March', moderatorNames: { onsite: 'Lea Host' } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { sessionId: string; templateId: string; onsiteModeratorToken: string };
    expect(created.templateId).toMatch(/^tpl_[0-9a-f]{24}$/);
    const mod = ctx.client(ctx.servers[1].url, created.onsiteModeratorToken);
    await mod.ready();
    const s = mod.state!;
    expect(s.title).toBe('Lyon, 12 March');
    expect(s.agenda.map((p) => [p.title, p.room])).toEqual([['Welcome', 'plenary'], ['Groups', 'breakouts']]);
    expect(s.pollOrder).toEqual(['q-age-ok', 'q-ease', 'q-trust']);
    for (const id of s.pollOrder) expect(s.polls[id].status).toBe('draft');
    expect(s.polls['q-age-ok'].questionnaireId).toBe('qn-survey');
    expect(s.questionnaires['qn-survey']).toMatchObject({ title: 'Short survey', pollIds: ['q-age-ok', 'q-ease'], status: 'draft' });
    expect(s.profile?.questions.map((q) => q.id)).toEqual(['age']);

    // The session's own template: same polls and profile questions, hence the same id.
    const tpl = SessionTemplateSchema.parse(await (await fetch(`${ctx.servers[0].url}/api/sessions/${created.sessionId}/template.json`, { headers: { 'x-organiser-key': ORGANISER_KEY } })).json());
    expect(tpl.profileQuestions.map((q) => q.id)).toEqual(['age']);
    expect(tpl.id).toBe(created.templateId);
    const again = (await (await postSession(ctx.servers[1], { template: tpl })).json()) as { templateId: string };
    expect(again.templateId).toBe(created.templateId);
  }, 30_000);

  it('[T2] a bad template is refused with INVALID_TEMPLATE naming the field; nothing is created', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ ...TEMPLATE, version: 9 }, /version/],
      [{ ...TEMPLATE, kind: 'something-else' }, /kind/],
      [{ ...TEMPLATE, polls: [TEMPLATE.polls[0], TEMPLATE.polls[0]] }, /appears twice/],
      [{ ...TEMPLATE, questionnaires: [{ id: 'qn', title: 'x', pollIds: ['missing'] }] }, /no poll missing/],
      [{ ...TEMPLATE, polls: [{ ...TEMPLATE.polls[0], id: '__proto__' }] }, /polls\.0\.id/],
      [{ ...TEMPLATE, polls: [{ ...TEMPLATE.polls[0], options: new Array(40).fill('x') }] }, /polls\.0\.options/],
      [{ ...TEMPLATE, polls: [{ ...TEMPLATE.polls[0], options: ['only one'] }], questionnaires: [] }, /poll q-trust: a choice or ranking poll needs at least two options/],
      [{ ...TEMPLATE, profileQuestions: [{ id: 'age', question: 'Age?', options: ['only one'] }] }, /profileQuestions\.0\.options/],
    ];
    for (const [template, message] of cases) {
      const res = await postSession(ctx.servers[0], { template });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('INVALID_TEMPLATE');
      expect(body.error.message).toMatch(message);
    }
  }, 30_000);

  it('[T3] three sites of one template: their reports combine poll by poll, totals equal the sums', async () => {
    const votes = [
      // [trust choice, age-ok choice] per participant, per site
      [[0, 0], [1, 1], [1, 0]],
      [[2, 1], [0, 1]],
      [[1, 0], [1, 0], [0, 1], [2, 0]],
    ];
    const reports: { file: string; report: ReturnType<typeof readReport> }[] = [];
    for (const [site, people] of votes.entries()) {
      const created = (await (await postSession(ctx.servers[site % 2], { template: TEMPLATE, title: `Site ${site + 1}` })).json()) as { sessionId: string; joinCode: string; onsiteModeratorToken: string };
      const mod = ctx.client(ctx.servers[0].url, created.onsiteModeratorToken);
      await mod.ready();
      const phones = [];
      for (let i = 0; i < people.length; i++) {
        const j = await joinSession(ctx.servers[i % 2], created.joinCode, `Person ${i}`, i % 2 ? 'online' : 'onsite');
        phones.push(ctx.client(ctx.servers[i % 2].url, j.token));
      }
      await Promise.all(phones.map((p) => p.ready()));
      // Site 2 runs only the first poll: its report lacks the questionnaire's.
      await ok(mod, 'polls:open', { pollId: 'q-trust' });
      if (site !== 1) await ok(mod, 'polls:open', { pollId: 'q-age-ok' });
      for (const [i, p] of phones.entries()) {
        await p.until((s) => s.polls['q-trust']?.status === 'open');
        await ok(p, 'polls:vote', { pollId: 'q-trust', ballot: { choices: [people[i][0]] } });
        if (site !== 1) {
          await p.until((s) => s.polls['q-age-ok']?.status === 'open');
          await ok(p, 'polls:vote', { pollId: 'q-age-ok', ballot: { choices: [people[i][1]] } });
        }
      }
      const text = await (await fetch(`${ctx.servers[1].url}/api/sessions/${created.sessionId}/report.json`, { headers: { 'x-organiser-key': ORGANISER_KEY } })).text();
      const report = ReportSchema.parse(JSON.parse(text));
      expect(report.session.templateId).toMatch(/^tpl_/);
      reports.push({ file: `site-${site + 1}.json`, report: readReport(`site-${site + 1}.json`, text) });
    }
    // Site 2 ran fewer polls (another poll set), yet the template id makes them one questionnaire.
    expect(reports[1].report.session.pollSet).not.toBe(reports[0].report.session.pollSet);
    const combined = combineReports(reports);
    expect(combined.sites.map((s) => s.participants)).toEqual([3, 2, 4]);
    const trust = combined.polls.find((p) => p.id === 'q-trust')!;
    expect(trust.total.n).toBe(9);
    expect(trust.total.counts).toEqual([3, 4, 2]);
    expect(trust.bySite.map((s) => s.counts)).toEqual([[1, 2, 0], [1, 0, 1], [1, 2, 1]]);
    const ageOk = combined.polls.find((p) => p.id === 'q-age-ok')!;
    expect(ageOk.total.counts).toEqual([5, 2]);
    expect(ageOk.bySite.map((s) => s.n)).toEqual([3, 0, 4]);
    for (const p of combined.polls) for (let k = 0; k < p.total.counts.length; k++) expect(p.total.counts[k]).toBe(p.bySite.reduce((a, x) => a + x.counts[k], 0));

    // A session made without the template does not combine with them, though it asks the same question.
    const plain = await createSession(ctx.servers[0], { title: 'Elsewhere' });
    const pm = ctx.client(ctx.servers[0].url, plain.onsiteModeratorToken);
    await pm.ready();
    const pid = (await ok(pm, 'polls:create', { poll: { kind: 'single', question: TEMPLATE.polls[0].question, options: TEMPLATE.polls[0].options } })).pollId;
    await ok(pm, 'polls:open', { pollId: pid });
    const other = await (await fetch(`${ctx.servers[0].url}/api/sessions/${plain.sessionId}/report.json`, { headers: { 'x-organiser-key': ORGANISER_KEY } })).text();
    expect(() => combineReports([...reports, { file: 'elsewhere.json', report: readReport('elsewhere.json', other) }])).toThrow(/elsewhere\.json: made from template \(none\)/);
  }, 60_000);
});
