import { describe, expect, it } from 'vitest';
import { useServers } from '../helpers/fixture.js';
import { createSession, joinSession, observerToken, ORGANISER_KEY, REDIS_URL, startServer, type TestServer } from '../helpers/servers.js';
import { eventually, type TestClient } from '../helpers/clients.js';
import { ReportSchema, type Report } from '../../shared/report/schema.js';
import type { SuppressedCell } from '../../shared/domain/profile/schemas.js';

async function ok(c: TestClient, name: string, payload: unknown = {}) {
  const res = await c.request(name, payload);
  if (!res.ok) throw new Error(`${name}: ${JSON.stringify(res)}`);
  return res;
}

/** Every row and every column of a published table holds 0 or at least 2 hidden cells: none can be subtracted out. */
function expectNoLoneHiddenCell(cells: SuppressedCell[][]): void {
  const hidden = (c: SuppressedCell) => typeof c !== 'number';
  for (const row of cells) expect(row.filter(hidden).length, JSON.stringify(cells)).not.toBe(1);
  for (let c = 0; c < cells[0].length; c++) expect(cells.filter((row) => hidden(row[c])).length, JSON.stringify(cells)).not.toBe(1);
}

const AGE = { id: 'age', question: 'Your age band', options: ['16-29', '30-59', '60+'] };
// [modality, age option, vote (0 = Yes, 1 = No)]: the 60+ onsite cell holds 4 people; 60+ online holds 6.
const PANEL: Array<['onsite' | 'online', number, number]> = [
  ...Array.from({ length: 5 }, () => ['onsite', 0, 0] as ['onsite', number, number]),
  ...Array.from({ length: 4 }, () => ['onsite', 2, 0] as ['onsite', number, number]),
  ...Array.from({ length: 5 }, () => ['online', 1, 1] as ['online', number, number]),
  ...Array.from({ length: 6 }, () => ['online', 2, 1] as ['online', number, number]),
];

describe('[P1] the panel profile: private answers, suppressed composition and breakdowns', () => {
  const ctx = useServers();
  const names: string[] = [];
  const personIds: string[] = [];
  let sessionId = '';
  let pollId = '';

  const fetchReport = (server: TestServer, ext: string) =>
    fetch(`${server.url}/api/sessions/${sessionId}/report.${ext}`, { headers: { 'x-organiser-key': ORGANISER_KEY } }).then((r) => r.text());

  it('[P1] answers are asked once, stay on the server, and moderators see only the suppressed composition', async () => {
    const session = await createSession(ctx.servers[0], { title: 'Panel day', profileQuestions: [AGE] });
    sessionId = session.sessionId;
    const mod = ctx.client(ctx.servers[1].url, session.onsiteModeratorToken);
    await mod.ready();
    const obs = await observerToken(ctx.servers[0], session.observerUrl);
    const observer = ctx.client(ctx.servers[0].url, obs.token);
    await observer.ready();
    pollId = (await ok(mod, 'polls:create', { poll: { kind: 'yesno', question: 'Should the library open on Sundays?' } })).pollId;
    await ok(mod, 'polls:open', { pollId });
    const phones: TestClient[] = [];
    for (const [i, [modality]] of PANEL.entries()) {
      const name = `Zephyrine Quillfeather ${String.fromCharCode(65 + i)}`;
      names.push(name);
      const j = await joinSession(ctx.servers[i % 2], session.joinCode, name, modality);
      personIds.push(j.personId);
      phones.push(ctx.client(ctx.servers[i % 2].url, j.token));
    }
    await Promise.all(phones.map((p) => p.ready()));
    for (const [i, p] of phones.entries()) {
      expect(p.state!.profile?.questions.map((q) => q.id)).toEqual(['age']);
      await ok(p, 'profile:answer', { choices: [PANEL[i][1]] });
      await p.until((s) => s.polls[pollId]?.status === 'open');
      await ok(p, 'polls:vote', { pollId, ballot: { choices: [PANEL[i][2]] } });
    }
    // Once: a second answer is refused; an option the question lacks too.
    expect(await phones[0].request('profile:answer', { choices: [1] })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // A moderator cannot answer for the panel.
    expect(await mod.request('profile:answer', { choices: [0] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // 20 answers: the composition reached the moderators (every 5 answers), suppressed.
    await mod.until((s) => s.profile?.composition?.questions[0]?.cells[2][2] !== undefined && s.profile.composition.participants.onsite + s.profile.composition.participants.online === 20, 10_000);
    const comp = mod.state!.profile!.composition!.questions[0];
    // 16-29: 5 onsite, 0 online: the 0 is "< 5", so the 5 beside it is hidden too (the total 5 would give it away).
    expect(comp.cells[0]).toEqual(['hidden', '< 5', 5]);
    expect(comp.cells[2][0]).toBe('< 5'); // 60+ onsite: 4 people
    expect(comp.cells[2][1]).toBe('hidden'); // else 10 − 6 would give it away
    expectNoLoneHiddenCell(comp.cells);
    // Nobody's answers leave the server: not the moderators', not the observer's, and a phone holds only its own.
    expect(Object.keys(mod.state!.profile!.answers)).toEqual([]);
    expect(observer.state!.profile?.composition ?? null).toBeNull();
    expect(Object.keys(observer.state!.profile?.answers ?? {})).toEqual([]);
    expect(Object.keys(phones[3].state!.profile!.answers)).toEqual([personIds[3]]);
    // After a fresh snapshot too.
    const late = ctx.client(ctx.servers[0].url, session.onlineModeratorToken);
    await late.ready();
    expect(Object.keys(late.state!.profile!.answers)).toEqual([]);
    expect(late.state!.profile!.composition!.questions[0].cells[2][0]).toBe('< 5');
  }, 90_000);

  it('[P2] a cell of 4 people is "< 5" in every format, with a second cell hidden so no total gives it away', async () => {
    const json = await fetchReport(ctx.servers[0], 'json');
    const report: Report = ReportSchema.parse(JSON.parse(json));
    const comp = report.profile.questions[0];
    expect(comp.rows).toEqual(['16-29', '30-59', '60+', 'Prefer not to say', 'No answer']);
    expect(comp.cells[2]).toEqual(['< 5', 'hidden', 10]);
    expect(report.profile.participants).toEqual({ onsite: 9, online: 11 });
    expectNoLoneHiddenCell(comp.cells);
    // The poll by age: 60+ voted 4 Yes (onsite) and 6 No (online): the 4 is "< 5" and its row partner hidden.
    const b = report.profile.breakdowns.find((x) => x.pollId === pollId && x.questionId === 'age')!;
    expect(b.cells[2][0]).toBe('< 5');
    expect(b.cells[2]).toEqual(['< 5', 'hidden', 10]);
    expect(b.cells[0]).toEqual(['hidden', '< 5', 5]);
    expectNoLoneHiddenCell(b.cells);
    // The totals beside the tables are public: the poll's counts and the participants by modality.
    expect(report.polls.find((p) => p.id === pollId)!.overall.counts).toEqual([9, 11]);

    const md = await fetchReport(ctx.servers[1], 'md');
    expect(md).toContain('## Panel profile');
    expect(md).toContain('| 60+ | < 5 | hidden | 10 |');
    expect(md).not.toMatch(/\| 60\+ \| 4 \|/);
    const csv = await fetchReport(ctx.servers[1], 'csv');
    expect(csv).toContain('\r\n,Panel: Your age band,profile,profile:age:60+,Onsite,< 5,');
    expect(csv).toContain('\r\n,Panel: Your age band,profile,profile:age:60+,Online,hidden,');
    expect(csv).toContain(`${pollId},Should the library open on Sundays? — by Your age band,profile,profile:age:60+,Yes,< 5,`);
    expect(csv).not.toMatch(/profile:age:60\+,(Onsite|Yes),4,/);
    const html = await fetchReport(ctx.servers[0], 'html');
    expect(html).toContain('<tr><td>60+</td><td class="n">&lt; 5</td><td class="n">hidden</td><td class="n">10</td></tr>');
    expect(html).not.toContain('<tr><td>60+</td><td class="n">4</td>');

    // No participant name nor person id in any format (none agreed to be named), profile data included.
    for (const text of [json, md, csv, html]) {
      for (const n of names) expect(text).not.toContain(n);
      for (const id of personIds) expect(text).not.toContain(id);
    }
  }, 30_000);

  it('[P4] observers get the public part only while the moderators allow it', async () => {
    const session = await createSession(ctx.servers[0], { title: 'Open results day', moderatorNames: { onsite: 'Marguerite Hostfield' } });
    const mod = ctx.client(ctx.servers[0].url, session.onsiteModeratorToken);
    await mod.ready();
    const obs = await observerToken(ctx.servers[1], session.observerUrl, 'Oskar Watcher');
    const get = () => fetch(`${ctx.servers[1].url}/api/sessions/${session.sessionId}/report.json`, { headers: { authorization: `Bearer ${obs.token}` } });
    expect((await get()).status).toBe(403);
    await ok(mod, 'report:setObserverAccess', { allowed: true });
    const res = await eventually(async () => {
      const r = await get();
      expect(r.status).toBe(200);
      return r;
    }, 10_000, 100);
    const text = await res.text();
    const pub = ReportSchema.parse(JSON.parse(text));
    expect(pub.people).toEqual([]);
    expect(pub.staff).toEqual([]);
    expect(text).not.toContain('Marguerite Hostfield');
    expect(text).not.toContain('Oskar Watcher');
    // Never the template, and never while switched off again.
    expect((await fetch(`${ctx.servers[1].url}/api/sessions/${session.sessionId}/template.json`, { headers: { authorization: `Bearer ${obs.token}` } })).status).toBe(403);
    await ok(mod, 'report:setObserverAccess', { allowed: false });
    await eventually(async () => expect((await get()).status).toBe(403), 10_000, 100);
  }, 30_000);

  it('[P3] with profile data, the report is byte-identical from either instance and from a fresh one', async () => {
    // The previous tests' sockets come and go: their presence changes (batched ~150 ms) may land between two
    // reads, so the reports are compared at a moment when all three read the same log head.
    const fresh = await startServer({ redisUrl: REDIS_URL });
    try {
      await eventually(async () => {
        const [x, y, z] = await Promise.all([ctx.servers[0], ctx.servers[1], fresh].map((s) => fetchReport(s, 'json')));
        expect(x).toContain('"< 5"');
        expect(y).toBe(x);
        expect(z).toBe(x);
      }, 15_000, 300);
      await eventually(async () => {
        for (const ext of ['md', 'csv', 'html']) {
          const [x, z] = await Promise.all([fetchReport(ctx.servers[0], ext), fetchReport(fresh, ext)]);
          expect(z).toBe(x);
        }
      }, 15_000, 300);
    } finally {
      await fresh.close();
    }
  }, 30_000);
});
