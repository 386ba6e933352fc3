import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startProcessServer, type ProcessServer } from '../helpers/processServer.js';
import { TestClient, eventually } from '../helpers/clients.js';
import { ReportSchema } from '../../shared/report/schema.js';

/** The embedded default (no Redis): the data on disk is the only source, as in a one-laptop deployment. */
function embeddedEnv(dataDir: string): Record<string, string> {
  return { REDIS_URL: '', TOKEN_SECRET: '', ORGANISER_KEY: '', DATA_DIR: dataDir, INSTANCE_ID: 'laptop', JOINS_PER_MINUTE: '100000' };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return (await res.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('[R9] the report on the embedded default, before and after a kill -9 and restart', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dr-report-'));
  const servers: ProcessServer[] = [];
  const clients: TestClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const s of servers) await s.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('[R9] the same bytes from the restarted process, with the ballots and worksheet read from disk', async () => {
    const first = await startProcessServer(embeddedEnv(dataDir));
    servers.push(first);
    const key = (JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { organiserKey: string }).organiserKey;
    const session = await post(`${first.url}/api/sessions`, { title: 'Laptop day', languages: ['en'] }, { 'x-organiser-key': key });
    const join = await post(`${first.url}/api/join`, { code: session.joinCode, name: 'Pia Private', modality: 'onsite' });
    const mod = new TestClient(first.url, session.onsiteModeratorToken);
    const pia = new TestClient(first.url, join.token);
    clients.push(mod, pia);
    await Promise.all([mod.ready(), pia.ready()]);
    const pollId = (await mod.request('polls:create', { poll: { kind: 'yesno', question: 'Is the bus stop well placed?' } })).pollId;
    expect((await mod.request('polls:open', { pollId })).ok).toBe(true);
    await pia.until((s) => s.polls[pollId]?.status === 'open');
    expect((await pia.request('polls:vote', { pollId, ballot: { choices: [1] } })).ok).toBe(true);
    const doc = new Y.Doc();
    doc.getText('recommendations').insert(0, 'Move the stop near the school');
    expect((await mod.request('worksheet:update', { roomId: 'plenary', update: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64') })).ok).toBe(true);
    for (const c of clients) c.close();

    const url = (base: string) => `${base}/api/sessions/${session.sessionId}/report.json`;
    const headers = { 'x-organiser-key': key };
    // Wait for the disconnects to be logged: the report covers the log as it stands.
    const before = await eventually(async () => {
      const text = await (await fetch(url(first.url), { headers })).text();
      const r = ReportSchema.parse(JSON.parse(text));
      const last = r.attendance.timeline.at(-1)!;
      expect(last.connected.participants.onsite + last.connected.staff).toBe(0);
      return text;
    }, 15_000, 100);
    const report = ReportSchema.parse(JSON.parse(before));
    expect(report.polls[0].overall.counts).toEqual([0, 1]);
    expect(report.recommendations).toBe('Move the stop near the school');
    expect(before).not.toContain('Pia Private');

    await first.kill();
    const second = await startProcessServer(embeddedEnv(dataDir));
    servers.push(second);
    expect(await (await fetch(url(second.url), { headers })).text()).toBe(before);
  }, 60_000);
});
