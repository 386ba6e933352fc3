import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createSession, joinSession, ORGANISER_KEY, startServer, REDIS_URL, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { ReportSchema, type Report } from '../../shared/report/schema.js';
import { CSV_HEADER } from '../../server/capabilities/report/csv.js';
import { SessionTemplateSchema } from '../../shared/report/template.js';
import { answerId } from '../../shared/domain/polls/tally.js';

/** A worksheet edit as the client sends it: one Yjs update writing `text` into `section`. */
function sheetUpdate(section: string, text: string): string {
  const doc = new Y.Doc();
  doc.getText(section).insert(0, text);
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}

async function ok(c: TestClient, name: string, payload: unknown = {}) {
  const res = await c.request(name, payload);
  if (!res.ok) throw new Error(`${name}: ${JSON.stringify(res)}`);
  return res;
}

/** Parses the CSV written by reportCsv (quoted fields, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') (f += '"'), i++;
      else if (ch === '"') q = false;
      else f += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') row.push(f), (f = '');
    else if (ch === '\r') continue;
    else if (ch === '\n') row.push(f), rows.push(row), (row = []), (f = '');
    else f += ch;
  }
  return rows;
}

const NAMES = { agreed: 'Aurelia Quixote', b: 'Bertrand Vexley', c: 'Cosima Drumwell', d: 'Desmond Ybarra' };

describe('[R1] the session report of a scripted day, from two instances on Redis', () => {
  let servers: TestServer[] = [];
  const clients: TestClient[] = [];
  let session: Awaited<ReturnType<typeof createSession>>;
  const files: Record<string, string> = {};
  let report: Report;
  const ids: Record<string, string> = {};

  const get = (server: TestServer, ext: string, headers: Record<string, string> = { authorization: `Bearer ${session.onsiteModeratorToken}` }) =>
    fetch(`${server.url}/api/sessions/${session.sessionId}/${ext.endsWith('.json') ? ext : `report.${ext}`}`, { headers });

  beforeAll(async () => {
    servers = [await startServer({ redisUrl: REDIS_URL }), await startServer({ redisUrl: REDIS_URL })];
    session = await createSession(servers[0], { title: 'Mobility dialogue', agenda: [{ title: 'Welcome', minutes: 10 }, { title: 'Groups', minutes: 30, room: 'breakouts' }], moderatorNames: { onsite: 'Mara Host', online: 'Otto Line' } });
    const mod = new TestClient(servers[0].url, session.onsiteModeratorToken);
    clients.push(mod);
    await mod.ready();
    // Two onsite and two online participants, through both instances; only the first agrees to be named.
    const a = await joinSession(servers[0], session.joinCode, NAMES.agreed, 'onsite', { nameInReport: true });
    const b = await joinSession(servers[1], session.joinCode, NAMES.b, 'onsite');
    const c = await joinSession(servers[0], session.joinCode, NAMES.c, 'online');
    const d = await joinSession(servers[1], session.joinCode, NAMES.d, 'online');
    const [A, B, C, D] = [a, b, c, d].map((j, i) => new TestClient(servers[i % 2].url, j.token));
    clients.push(A, B, C, D);
    await Promise.all([A, B, C, D].map((x) => x.ready()));
    const people = [A, B, C, D];

    await ok(mod, 'agenda:start', {});

    // Poll 1, single choice, with a changed vote and a show of hands.
    const p1 = (await ok(mod, 'polls:create', { poll: { kind: 'single', question: 'Best way to cross town?', options: ['Bus', 'Bike', 'Car'] } })).pollId;
    const p2 = (await ok(mod, 'polls:create', { poll: { kind: 'scale', question: 'How safe do you feel cycling?', min: 1, max: 5 } })).pollId;
    const p3 = (await ok(mod, 'polls:create', { poll: { kind: 'open', question: 'One wish for your street?' } })).pollId;
    Object.assign(ids, { p1, p2, p3 });
    for (const p of [p1, p2, p3]) {
      await ok(mod, 'polls:open', { pollId: p });
      await Promise.all(people.map((x) => x.until((s) => s.polls[p]?.status === 'open')));
    }
    await ok(A, 'polls:vote', { pollId: p1, ballot: { choices: [0] } });
    await ok(A, 'polls:vote', { pollId: p1, ballot: { choices: [1] } }); // changed: Bike
    await ok(B, 'polls:vote', { pollId: p1, ballot: { choices: [1] } });
    await ok(C, 'polls:vote', { pollId: p1, ballot: { choices: [2] } });
    await ok(D, 'polls:vote', { pollId: p1, ballot: { choices: [0] } });
    await ok(mod, 'polls:showOfHands', { pollId: p1, counts: [3, 5, 1] });
    await ok(A, 'polls:vote', { pollId: p2, ballot: { value: 5 } });
    await ok(C, 'polls:vote', { pollId: p2, ballot: { value: 2 } });
    await ok(C, 'polls:vote', { pollId: p2, ballot: { value: 4 } }); // changed
    await ok(B, 'polls:vote', { pollId: p3, ballot: { text: 'Safe crossings near the school' } });
    await ok(D, 'polls:vote', { pollId: p3, ballot: { text: 'Trees and benches' } });
    await ok(C, 'polls:vote', { pollId: p3, ballot: { text: 'An insult the moderators hide' } });
    await ok(mod, 'polls:hideAnswer', { pollId: p3, answerId: answerId('An insult the moderators hide'), hidden: true });
    // The questionnaire: yes/no answered by all, multiple choice by two.
    const qn = await ok(mod, 'polls:createQuestionnaire', { title: 'Short survey', polls: [{ kind: 'yesno', question: 'Do you own a car?' }, { kind: 'multiple', question: 'Which do you use weekly?', options: ['Tram', 'Train', 'Scooter'] }] });
    ids.q = qn.questionnaireId;
    [ids.q1, ids.q2] = qn.pollIds;
    await ok(mod, 'polls:openQuestionnaire', { questionnaireId: qn.questionnaireId });
    await Promise.all(people.map((x) => x.until((s) => s.polls[ids.q2]?.status === 'open')));
    for (const [x, yes] of [[A, true], [B, false], [C, false], [D, true]] as const) await ok(x, 'polls:vote', { pollId: ids.q1, ballot: { choices: [yes ? 0 : 1] } });
    await ok(A, 'polls:vote', { pollId: ids.q2, ballot: { choices: [0, 1] } });
    await ok(D, 'polls:vote', { pollId: ids.q2, ballot: { choices: [1] } });
    for (const p of [p1, p2, p3]) await ok(mod, 'polls:close', { pollId: p });
    await ok(mod, 'polls:closeQuestionnaire', { questionnaireId: qn.questionnaireId });

    // Two breakouts, worksheet text in each and the plenary's recommendations.
    await ok(mod, 'rooms:create', { name: 'Hall group', modality: 'onsite' });
    await ok(mod, 'rooms:create', { name: 'Online group', modality: 'online' });
    await mod.until((s) => s.roomOrder.length === 3);
    const [, g1, g2] = mod.state!.roomOrder;
    Object.assign(ids, { g1, g2 });
    for (const [p, g] of [[a, g1], [b, g1], [c, g2], [d, g2]] as const) await ok(mod, 'rooms:assign', { personId: p.personId, roomId: g });
    await ok(mod, 'agenda:start', {});
    await ok(mod, 'rooms:open', { minutes: 20 });
    await A.until((s) => s.people[a.personId].roomId === g1);
    await ok(A, 'worksheet:update', { roomId: g1, update: sheetUpdate('hopes', 'Cleaner air near schools') });
    await ok(C, 'worksheet:update', { roomId: g2, update: sheetUpdate('recommendations', 'Night buses every 20 minutes') });
    await ok(mod, 'rooms:recall', {});
    await ok(mod, 'worksheet:update', { roomId: 'plenary', update: sheetUpdate('recommendations', 'Fund the bike network') });
    await Promise.all(people.map((x) => x.until((s) => s.people[x.personId!].roomId === 'plenary')));

    // Three speaking turns (two onsite, one online); the fourth participant never speaks.
    for (const x of [A, C, B]) await ok(x, 'queue:raise', { roomId: 'plenary' });
    for (let i = 0; i < 3; i++) await ok(mod, 'queue:next', { roomId: 'plenary' });
    await ok(mod, 'queue:end', { roomId: 'plenary' });

    // A check-in with a highlighted remark of a participant who did not agree to be named; a help request.
    const hl = await ok(mod, 'bridge:highlight', { source: { kind: 'remark', personId: b.personId, text: 'Trust grows with small steps' } });
    const ci = await ok(mod, 'bridge:askCheckIn', {});
    await ok(mod, 'bridge:answerCheckIn', { checkInId: ci.checkInId, summary: 'Online side wants more buses', highlightIds: [hl.highlightId] });
    await ok(D, 'help:request', { note: 'my microphone' });
    await ok(mod, 'agenda:end', {});

    for (const x of clients) x.close();
    const res = await get(servers[1], 'json');
    expect(res.status).toBe(200);
    files.json = await res.text();
    report = ReportSchema.parse(JSON.parse(files.json));
    for (const ext of ['md', 'csv', 'html']) {
      const r = await get(servers[0], ext);
      expect(r.status).toBe(200);
      files[ext] = await r.text();
    }
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('[R1] the JSON figures are what the script did', () => {
    expect(report.version).toBe(1);
    expect(report.session.title).toBe('Mobility dialogue');
    expect(report.session.languages).toEqual(['en', 'fr']);
    expect(report.attendance.joined).toEqual({ participants: { onsite: 2, online: 2 }, staff: 2, observers: 0 });
    expect(report.attendance.peakConnected.total).toBe(4);
    expect(report.agenda.map((p) => p.startedAt !== null && p.endedAt !== null)).toEqual([true, true]);
    expect(report.agenda[0].endedAt).toBeLessThanOrEqual(report.agenda[1].startedAt!);
    const poll = (id: string) => report.polls.find((p) => p.id === id)!;
    expect(poll(ids.p1).overall.counts).toEqual([1, 2, 1]);
    expect(poll(ids.p1).overall.percents).toEqual([25, 50, 25]);
    expect(poll(ids.p1).byModality.onsite.counts).toEqual([0, 2, 0]);
    expect(poll(ids.p1).byModality.online.counts).toEqual([1, 0, 1]);
    expect(poll(ids.p1).byRoom.plenary.counts).toEqual([1, 2, 1]);
    expect(poll(ids.p1).showOfHands!.counts).toEqual([3, 5, 1]);
    expect(poll(ids.p2).overall.counts).toEqual([0, 0, 0, 1, 1]);
    expect(poll(ids.p2).overall.mean).toBe(4.5);
    expect(poll(ids.p3).open!.answers).toEqual(['Safe crossings near the school', 'Trees and benches']);
    expect(poll(ids.p3).open!.words.map((w) => w.word)).toContain('benches');
    expect(poll(ids.p3).open!.words.map((w) => w.word)).not.toContain('insult');
    expect(poll(ids.p3).open!.hiddenCount).toBe(1);
    expect(poll(ids.q1).overall.counts).toEqual([2, 2]);
    expect(poll(ids.q2).overall).toMatchObject({ n: 2, counts: [1, 2, 0] });
    expect(report.questionnaires).toEqual([{ id: ids.q, title: 'Short survey', pollIds: [ids.q1, ids.q2], status: 'closed' }]);
    const sheet = (id: string) => report.worksheets.find((w) => w.roomId === id)!.sections;
    expect(sheet(ids.g1).hopes).toBe('Cleaner air near schools');
    expect(sheet(ids.g2).recommendations).toBe('Night buses every 20 minutes');
    expect(report.recommendations).toBe('Fund the bike network');
    expect(report.speaking.turns).toEqual({ onsite: 2, online: 1 });
    expect(report.speaking.neverSpoke).toBe(1);
    // Each ended agenda part asks for a check-in by itself (two parts), plus the one the moderator asked.
    expect(report.bridge.checkIns).toHaveLength(3);
    expect(report.bridge.checkIns.filter((c) => c.summary !== null)).toHaveLength(1);
    expect(report.bridge.checkIns.find((c) => c.summary !== null)).toMatchObject({ summary: 'Online side wants more buses', highlights: ['Trust grows with small steps'] });
    expect(report.bridge.highlights[0].speaker).toBe('Participant 2');
    expect(report.help).toMatchObject({ total: 1, byModality: { onsite: 0, online: 1 } });
    expect(report.people.filter((p) => p.role === 'participant').map((p) => p.label)).toEqual([NAMES.agreed, 'Participant 2', 'Participant 3', 'Participant 4']);
    expect(report.staff.map((s) => s.name)).toEqual(['Mara Host', 'Otto Line']);
  });

  it('[R2] Markdown holds every question and worksheet text; CSV rows sum to the JSON totals', () => {
    for (const q of ['Best way to cross town?', 'How safe do you feel cycling?', 'One wish for your street?', 'Do you own a car?', 'Which do you use weekly?']) expect(files.md).toContain(q);
    for (const t of ['Cleaner air near schools', 'Night buses every 20 minutes', 'Fund the bike network']) expect(files.md).toContain(t);
    // A hidden answer is in no format.
    for (const text of Object.values(files)) expect(text).not.toContain('An insult the moderators hide');
    const rows = parseCsv(files.csv);
    expect(rows[0]).toEqual([...CSV_HEADER]);
    for (const poll of report.polls) {
      for (const [series, counts] of [['overall', poll.overall.counts], ['onsite', poll.byModality.onsite.counts], ['online', poll.byModality.online.counts], ['show_of_hands', poll.showOfHands?.counts ?? []]] as const) {
        const sum = rows.filter((r) => r[0] === poll.id && r[3] === series).reduce((s, r) => s + Number(r[5]), 0);
        expect(sum, `${poll.id} ${series}`).toBe(counts.reduce((s, n) => s + n, 0));
      }
      const answers = rows.filter((r) => r[0] === poll.id && r[3] === 'open_answer').map((r) => r[4]);
      expect(answers).toEqual(poll.open?.answers ?? []);
    }
  });

  it('[R3] no participant name appears in any format unless they agreed', () => {
    for (const [ext, text] of Object.entries(files)) {
      for (const name of [NAMES.b, NAMES.c, NAMES.d]) expect(text, `${ext} names ${name}`).not.toContain(name);
      // The CSV holds results only; the other formats list the people and the team.
      if (ext !== 'csv') expect(text, ext).toContain(NAMES.agreed);
      if (ext !== 'csv') expect(text, ext).toContain('Mara Host');
    }
  });

  it('[R4] only moderators of the session and organisers get it, errors in the product format', async () => {
    expect((await get(servers[0], 'json', { 'x-organiser-key': ORGANISER_KEY })).status).toBe(200);
    const wrongKey = await get(servers[0], 'json', { 'x-organiser-key': 'nope' });
    expect(wrongKey.status).toBe(401);
    expect(await wrongKey.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const participant = await joinSession(servers[0], session.joinCode, 'Late Person', 'online');
    const refused = await get(servers[0], 'json', { authorization: `Bearer ${participant.token}` });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const other = await get(servers[0], 'pdf');
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await get(servers[0], 'json', {})).status).toBe(401);
  });

  it('[R10] the session template: agenda, every poll with its id, the questionnaire', async () => {
    const res = await get(servers[1], 'template.json');
    expect(res.status).toBe(200);
    const template = SessionTemplateSchema.parse(await res.json());
    expect(template.agenda.map((p) => p.title)).toEqual(['Welcome', 'Groups']);
    expect(template.polls.map((p) => p.id)).toEqual(report.polls.map((p) => p.id));
    expect(template.polls.find((p) => p.id === ids.p1)).toMatchObject({ kind: 'single', question: 'Best way to cross town?', options: ['Bus', 'Bike', 'Car'], target: 'plenary' });
    expect(template.questionnaires).toEqual([{ id: ids.q, title: 'Short survey', pollIds: [ids.q1, ids.q2] }]);
  });

  it('[R5] byte-identical from either instance and after restarting both', async () => {
    // The late join of R4 changed the log, and its presence is logged a moment later (batched): take both copies
    // once the log has stopped moving, so both instances report on the same events.
    for (let head = -1; ; ) {
      const now = await servers[0].app.store.headSeq(session.sessionId);
      if (now === head) break;
      head = now;
      await new Promise((r) => setTimeout(r, 500));
    }
    const a = await (await get(servers[0], 'json')).text();
    const b = await (await get(servers[1], 'json')).text();
    expect(a).toBe(b);
    const mdBefore = await (await get(servers[1], 'md')).text();
    await Promise.all(servers.map((s) => s.close()));
    servers = [await startServer({ redisUrl: REDIS_URL }), await startServer({ redisUrl: REDIS_URL })];
    expect(await (await get(servers[1], 'json')).text()).toBe(a);
    expect(await (await get(servers[0], 'json')).text()).toBe(a);
    expect(await (await get(servers[0], 'md')).text()).toBe(mdBefore);
  });
});
