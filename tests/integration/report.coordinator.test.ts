import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { useServers } from '../helpers/fixture.js';
import { createSession, joinSession, observerToken, ORGANISER_KEY, type TestServer } from '../helpers/servers.js';
import { eventually, type TestClient } from '../helpers/clients.js';
import { PLENARY_ID } from '../../shared/domain/state.js';
import { ReportSchema } from '../../shared/report/schema.js';
import type { Combined } from '../../server/capabilities/report/combine.js';
import { applyLocalValue } from '../../client/src/features/worksheet/textBinding.js';

async function ok(c: TestClient, name: string, payload: unknown = {}) {
  const res = await c.request(name, payload);
  if (!res.ok) throw new Error(`${name}: ${JSON.stringify(res)}`);
  return res;
}

const RUN = randomBytes(3).toString('hex');
// The template id is a fingerprint of the polls: a question unique to this run keeps earlier runs' sessions (Redis keeps them) out of the count.
const TEMPLATE = {
  kind: 'dialogue-room/session-template',
  version: 1,
  title: `Coordinated day ${RUN}`,
  languages: ['en'],
  agenda: [{ title: 'Welcome', minutes: 10, room: 'plenary' }],
  polls: [
    { id: 'q-trust', kind: 'single', question: 'Do you trust online services?', options: ['A lot', 'A little', 'Not at all'], maxChoices: null, min: 1, max: 5, minLabel: '', maxLabel: '', target: 'plenary', resultsVisibility: 'live' },
    { id: 'q-limit', kind: 'yesno', question: `An age limit for social media? (${RUN})`, options: [], maxChoices: null, min: 1, max: 5, minLabel: '', maxLabel: '', target: 'plenary', resultsVisibility: 'live' },
  ],
  questionnaires: [],
  profileQuestions: [],
};

const postSession = (server: TestServer, body: unknown) =>
  fetch(`${server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-organiser-key': ORGANISER_KEY }, body: JSON.stringify(body) });

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

describe('[CO] the coordinator view of one deployment', () => {
  const ctx = useServers();

  it('[CO1] three sessions of one template (two with votes): the combined route sums them and lists every site with its participants; a wrong key is refused', async () => {
    const sites = [
      { title: 'Lyon', votes: [[0, 0], [1, 1], [1, 0]] },
      { title: 'Dakar', votes: [[2, 1], [0, 1]] },
      { title: 'Quito', votes: [] as number[][], joiners: 1 },
    ];
    let templateId = '';
    for (const [i, site] of sites.entries()) {
      const server = ctx.servers[i % 2];
      const created = (await (await postSession(server, { template: TEMPLATE, title: site.title })).json()) as { sessionId: string; joinCode: string; onsiteModeratorToken: string; templateId: string };
      templateId = created.templateId;
      const mod = ctx.client(server.url, created.onsiteModeratorToken);
      await mod.ready();
      const count = site.votes.length || (site.joiners ?? 0);
      const phones = [];
      for (let k = 0; k < count; k++) phones.push(ctx.client(ctx.servers[k % 2].url, (await joinSession(ctx.servers[k % 2], created.joinCode, `Person ${k}`, k % 2 ? 'online' : 'onsite')).token));
      await Promise.all(phones.map((p) => p.ready()));
      if (!site.votes.length) continue;
      await ok(mod, 'polls:open', { pollId: 'q-trust' });
      await ok(mod, 'polls:open', { pollId: 'q-limit' });
      for (const [k, p] of phones.entries()) {
        await p.until((s) => s.polls['q-trust']?.status === 'open' && s.polls['q-limit']?.status === 'open');
        await ok(p, 'polls:vote', { pollId: 'q-trust', ballot: { choices: [site.votes[k][0]] } });
        await ok(p, 'polls:vote', { pollId: 'q-limit', ballot: { choices: [site.votes[k][1]] } });
      }
    }
    // A session without the template is not one of them.
    await createSession(ctx.servers[0], { title: 'Unrelated' });

    const key = { 'x-organiser-key': ORGANISER_KEY };
    const list = (await (await fetch(`${ctx.servers[1].url}/api/templates`, { headers: key })).json()) as { templates: { templateId: string; title: string; sessions: number }[] };
    expect(list.templates.find((t) => t.templateId === templateId)).toEqual({ templateId, title: TEMPLATE.title, sessions: 3 });

    const res = await fetch(`${ctx.servers[0].url}/api/templates/${templateId}/combined`, { headers: key });
    expect(res.status).toBe(200);
    const { combined, title } = (await res.json()) as { combined: Combined; title: string };
    expect(title).toBe(TEMPLATE.title);
    expect(combined.templateId).toBe(templateId);
    expect(combined.sites.map((s) => [s.title, s.participants])).toEqual([['Lyon', 3], ['Dakar', 2], ['Quito', 1]]);
    const trust = combined.polls.find((p) => p.id === 'q-trust')!;
    expect(trust.total.counts).toEqual([2, 2, 1]);
    expect(trust.total.n).toBe(5);
    expect(trust.bySite.map((s) => s.counts)).toEqual([[1, 2, 0], [1, 0, 1], [0, 0, 0]]);
    const limit = combined.polls.find((p) => p.id === 'q-limit')!;
    expect(limit.total.counts).toEqual([2, 3]);
    for (const p of combined.polls) for (let k = 0; k < p.total.counts.length; k++) expect(p.total.counts[k]).toBe(p.bySite.reduce((a, x) => a + x.counts[k], 0));

    const md = await (await fetch(`${ctx.servers[1].url}/api/templates/${templateId}/combined.md`, { headers: key })).text();
    expect(md).toContain('| Lyon |');
    expect(md).toContain('Do you trust online services?');

    for (const headers of [{}, { 'x-organiser-key': 'not-the-key' }] as Record<string, string>[]) {
      expect((await fetch(`${ctx.servers[0].url}/api/templates`, { headers })).status).toBe(401);
      const refused = await fetch(`${ctx.servers[0].url}/api/templates/${templateId}/combined`, { headers });
      expect(refused.status).toBe(401);
      expect(await refused.text()).not.toContain('Lyon');
    }
    expect((await fetch(`${ctx.servers[0].url}/api/templates/tpl_nothing/combined`, { headers: key })).status).toBe(404);
  }, 90_000);

  it('[CO2] the observers’ public report holds the published sheet and none of the drafts', async () => {
    const [a, b] = ctx.servers;
    const tag = randomBytes(4).toString('hex');
    const session = await createSession(a, { title: 'Published day' });
    const mod = ctx.client(a.url, session.onsiteModeratorToken);
    const people = await Promise.all(Array.from({ length: 4 }, (_, i) => joinSession(i % 2 ? b : a, session.joinCode, `P${i}`)));
    await mod.ready();
    await ok(mod, 'rooms:autoAssign', { mode: 'balanced', groups: 2 });
    await ok(mod, 'rooms:open', { countdownSeconds: 0 });
    await mod.until((s) => people.every((p) => s.people[p.personId].roomId !== PLENARY_ID));
    const group = mod.state!.people[people[0].personId].roomId;
    const member = ctx.client(a.url, people[0].token);
    await member.ready();
    const doc = new Y.Doc();
    const pending: Array<Promise<{ ok: boolean }>> = [];
    doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === 'local') pending.push(member.request('worksheet:update', { roomId: group, update: b64(u) }));
    });
    const opened = await ok(member, 'worksheet:open', { roomId: group });
    Y.applyUpdate(doc, bytes(opened.update as string), 'remote');
    const flush = async () => {
      for (const r of await Promise.all(pending.splice(0))) expect(r).toMatchObject({ ok: true });
    };
    applyLocalValue(doc.getText('hopes'), `Published hope ${tag}`, 'local');
    applyLocalValue(doc.getText('fears'), `Draft fear ${tag}`, 'local');
    await flush();
    await ok(mod, 'plenary:publish', { roomId: group, sections: ['hopes'] });
    await mod.until((s) => !!s.published?.[group]);
    applyLocalValue(doc.getText('hopes'), `Published hope ${tag} and a later draft ${tag}`, 'local');
    await flush();

    // The full report holds the drafts (so their absence below means something).
    const full = await (await fetch(`${b.url}/api/sessions/${session.sessionId}/report.json`, { headers: { 'x-organiser-key': ORGANISER_KEY } })).text();
    expect(full).toContain(`Draft fear ${tag}`);
    expect(full).toContain(`a later draft ${tag}`);

    const obs = await observerToken(b, session.observerUrl, 'Obs');
    await ok(mod, 'report:setObserverAccess', { allowed: true });
    const text = await eventually(async () => {
      const r = await fetch(`${b.url}/api/sessions/${session.sessionId}/report.json`, { headers: { authorization: `Bearer ${obs.token}` } });
      expect(r.status).toBe(200);
      return r.text();
    }, 10_000, 100);
    const pub = ReportSchema.parse(JSON.parse(text));
    expect(pub.published?.map((w) => w.roomId)).toEqual([group]);
    expect(pub.published![0].sections).toEqual([{ key: 'hopes', text: `Published hope ${tag}` }]);
    expect(pub.worksheets).toEqual([]);
    expect(text).not.toContain(`Draft fear ${tag}`);
    expect(text).not.toContain(`a later draft ${tag}`);
    const md = await (await fetch(`${b.url}/api/sessions/${session.sessionId}/report.md`, { headers: { authorization: `Bearer ${obs.token}` } })).text();
    expect(md).toContain(`Published hope ${tag}`);
    expect(md).not.toContain(`Draft fear ${tag}`);
  }, 60_000);
});
