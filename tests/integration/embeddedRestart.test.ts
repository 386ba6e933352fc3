import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startProcessServer, type ProcessServer } from '../helpers/processServer.js';
import { TestClient } from '../helpers/clients.js';
import { FileStore } from '../../server/store/fileStore.js';
import { PLENARY_ID } from '../../shared/domain/state.js';

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const VOTERS = 30;

/** The embedded default (no REDIS_URL, no secrets given): everything it needs comes from DATA_DIR. */
function embeddedEnv(dataDir: string, instanceId: string): Record<string, string> {
  return {
    REDIS_URL: '',
    TOKEN_SECRET: '',
    ORGANISER_KEY: '',
    DATA_DIR: dataDir,
    INSTANCE_ID: instanceId,
    JOINS_PER_MINUTE: '100000',
    COMMANDS_PER_SECOND: '1000',
    COMMAND_BURST: '1000',
  };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return (await res.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('[E] embedded default: kill -9 during a ballot burst and a worksheet edit, restart on the same DATA_DIR', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dr-embedded-'));
  const servers: ProcessServer[] = [];
  const clients: TestClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const s of servers) await s.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('[E1] every acked ballot and worksheet update is back, nothing doubled, and tokens issued before still work', async () => {
    // The same INSTANCE_ID for both runs (a fixed one, as in a container): the harder case for presence.
    const first = await startProcessServer(embeddedEnv(dataDir, 'fixed'));
    servers.push(first);
    // The organiser key was generated (none given) and kept in DATA_DIR, mode 0600.
    const secrets = JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as { organiserKey: string };
    const session = await post(`${first.url}/api/sessions`, { title: 'Crash day', languages: ['en'] }, { 'x-organiser-key': secrets.organiserKey });
    expect(session.ok).toBe(true);
    const joins = await Promise.all(Array.from({ length: VOTERS }, (_, i) => post(`${first.url}/api/join`, { code: session.joinCode, name: `Voter ${i}`, modality: 'online' })));
    expect(joins.every((j) => j.ok)).toBe(true);

    const bystanderJoin = await post(`${first.url}/api/join`, { code: session.joinCode, name: 'Bystander', modality: 'onsite' });
    const mod = new TestClient(first.url, session.onsiteModeratorToken);
    const voters = joins.map((j) => new TestClient(first.url, j.token));
    const bystander = new TestClient(first.url, bystanderJoin.token);
    clients.push(mod, ...voters, bystander);
    await Promise.all([mod, ...voters, bystander].map((c) => c.ready()));
    // Presence is logged under the boot's key `<INSTANCE_ID>#<epoch>` (issue 20: presence per boot).
    await mod.until((s) => Object.entries(s.people[bystanderJoin.personId]?.connections ?? {}).some(([k, n]) => k.startsWith('fixed#') && n === 1));
    const created = await mod.request('polls:create', { poll: { kind: 'open', question: 'What matters most?' } });
    expect((await mod.request('polls:open', { pollId: created.pollId })).ok).toBe(true);
    const pollId: string = created.pollId;
    await Promise.all(voters.map((c) => c.until((s) => s.polls[pollId]?.status === 'open')));

    // Burst: every voter changes their answer as fast as acks come back (v1, v2, …; the last one counts).
    let running = true;
    const sent = new Map<string, number>();
    const acked = new Map<string, number>();
    let ackedBallots = 0;
    const voteLoops = voters.map(async (c, i) => {
      const personId = joins[i].personId as string;
      for (let k = 1; running; k++) {
        sent.set(personId, k);
        const res = await c.request('polls:vote', { pollId, ballot: { text: `v${k}` } }).catch(() => null);
        if (!res?.ok) return;
        acked.set(personId, k);
        ackedBallots += 1;
      }
    });
    // Meanwhile one participant types into the plenary worksheet: "[1][2][3]…", one acked update at a time.
    const editor = voters[0];
    const doc = new Y.Doc();
    const text = doc.getText('hopes');
    let editsAcked = 0;
    let editsSent = 0;
    const editLoop = (async () => {
      while (running) {
        const before = Y.encodeStateVector(doc);
        text.insert(text.length, `[${editsSent + 1}]`);
        editsSent += 1;
        const res = await editor.request('worksheet:update', { roomId: PLENARY_ID, update: b64(Y.encodeStateAsUpdate(doc, before)) }).catch(() => null);
        if (!res?.ok) return;
        editsAcked += 1;
      }
    })();

    const start = Date.now();
    while (ackedBallots < 300 || editsAcked < 20) {
      if (Date.now() - start > 30_000) throw new Error(`burst too slow: ${ackedBallots} ballots, ${editsAcked} edits acked`);
      await new Promise((r) => setTimeout(r, 5));
    }
    await first.kill(); // SIGKILL in the middle of the burst: requests are in flight
    expect(first.child.signalCode).toBe('SIGKILL');
    running = false;
    // Once every socket has seen the link drop, no late ack can arrive: the tallies below are final.
    await Promise.all([mod, ...voters, bystander].map((c) => new Promise<void>((resolve) => (c.socket.connected ? c.socket.once('disconnect', () => resolve()) : resolve()))));
    await Promise.race([Promise.allSettled([...voteLoops, editLoop]), new Promise((r) => setTimeout(r, 100))]);
    const ackedAtKill = new Map(acked);
    const sentAtKill = new Map(sent);
    const editsAckedAtKill = editsAcked;
    const editsSentAtKill = editsSent;
    expect(ackedAtKill.size).toBe(VOTERS);

    // Restart on the same directory: the same secrets, the same session, the same people.
    const second = await startProcessServer(embeddedEnv(dataDir, 'fixed'));
    servers.push(second);
    const mod2 = new TestClient(second.url, session.onsiteModeratorToken);
    const voters2 = joins.map((j) => new TestClient(second.url, j.token));
    clients.push(mod2, ...voters2);
    // Tokens issued before the restart still open a session (ready() throws on a refused handshake).
    await Promise.all([mod2, ...voters2].map((c) => c.ready()));
    const people = Object.values(mod2.state!.people).filter((p) => p.role === 'participant');
    expect(people.map((p) => p.name).sort()).toEqual([...joins.map((_, i) => `Voter ${i}`), 'Bystander'].sort());
    // The bystander, connected before the kill and not since, is not counted as connected (same instance id).
    expect(mod2.state!.people[bystanderJoin.personId].connections).toEqual({});

    // Worksheet: every acked edit exactly once, in order; at most the one in flight beyond it.
    const opened = await voters2[1].request('worksheet:open', { roomId: PLENARY_ID });
    expect(opened.ok).toBe(true);
    const back = new Y.Doc();
    Y.applyUpdate(back, new Uint8Array(Buffer.from(opened.update, 'base64')));
    const marks = [...back.getText('hopes').toString().matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
    expect(marks.length).toBeGreaterThanOrEqual(editsAckedAtKill);
    expect(marks.length).toBeLessThanOrEqual(editsSentAtKill);
    expect(marks).toEqual(marks.map((_, i) => i + 1));
    expect(back.getText('hopes').toString()).toBe(marks.map((n) => `[${n}]`).join(''));

    // The poll is still open after the restart, and ballots are still taken.
    expect(mod2.state!.polls[pollId].status).toBe('open');
    const late = await voters2[2].request('polls:vote', { pollId, ballot: { text: 'after restart' } });
    expect(late.ok).toBe(true);
    await second.kill();

    // Per person, the stored ballot is the last acked one, or one sent after it whose ack the kill swallowed.
    const store = await FileStore.open(dataDir);
    try {
      const ballots = await store.readBallots(session.sessionId, pollId);
      expect(ballots.size).toBe(VOTERS);
      for (const [i, j] of joins.entries()) {
        const stored = JSON.parse(ballots.get(j.personId)!) as { b: { text: string } };
        if (i === 2) {
          expect(stored.b.text).toBe('after restart');
          continue;
        }
        const k = Number(stored.b.text.slice(1));
        expect(k).toBeGreaterThanOrEqual(ackedAtKill.get(j.personId)!);
        expect(k).toBeLessThanOrEqual(sentAtKill.get(j.personId)!);
      }
      // One person per join in the log: the restart doubled nobody.
      const joinedEvents = (await store.readLog(session.sessionId, 0)).filter((e) => e.type === 'person:joined');
      expect(joinedEvents).toHaveLength(VOTERS + 1);
    } finally {
      await store.close();
    }
  }, 120_000);
});
