import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORGANISER_KEY, REDIS_URL, createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient, connectError, eventually } from '../helpers/clients.js';
import { FileStore } from '../../server/store/fileStore.js';
import { LOAD_ENV } from '../helpers/pollCluster.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';

const org = { 'x-organiser-key': ORGANISER_KEY, 'content-type': 'application/json' };

async function scanSession(redis: Redis, sessionId: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `dr:{${sessionId}}*`, 'COUNT', 1000);
    cursor = next;
    out.push(...found);
  } while (cursor !== '0');
  return out;
}

/** A session with a participant's ballot, chat line and worksheet text: data in every kind of key. */
async function busySession(server: TestServer, clients: TestClient[]) {
  const session = await createSession(server, { agenda: [{ title: 'Welcome', minutes: 10 }, { title: 'Tables', minutes: 40, room: 'breakouts' }] });
  const join = await joinSession(server, session.joinCode, 'Pia', 'onsite');
  const mod = new TestClient(server.url, session.onsiteModeratorToken);
  const pia = new TestClient(server.url, join.token);
  clients.push(mod, pia);
  await Promise.all([mod.ready(), pia.ready()]);
  const q = await mod.request('polls:createQuestionnaire', { title: 'Views', polls: [{ kind: 'yesno', question: 'Agree?' }, { kind: 'scale', question: 'How much?' }] });
  const single = await mod.request('polls:create', { poll: { kind: 'single', question: 'Lunch?', options: ['soup', 'salad'] } });
  expect((await mod.request('polls:open', { pollId: single.pollId })).ok).toBe(true);
  await pia.until((s) => s.polls[single.pollId]?.status === 'open');
  expect((await pia.request('polls:vote', { pollId: single.pollId, ballot: { choices: [1] } })).ok).toBe(true);
  expect((await pia.request('chat:send', { text: 'Hello from Pia' })).ok).toBe(true);
  const doc = new Y.Doc();
  doc.getText('recommendations').insert(0, 'Buses every ten minutes');
  expect((await mod.request('worksheet:update', { roomId: 'plenary', update: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64') })).ok).toBe(true);
  return { session, join, mod, pia, q, single };
}

describe('[PD4] deleting, cloning and resetting sessions', () => {
  const clients: TestClient[] = [];
  let servers: TestServer[];
  let redis: Redis;
  beforeAll(async () => {
    servers = [await startServer({ redisUrl: REDIS_URL, env: LOAD_ENV }), await startServer({ redisUrl: REDIS_URL, env: LOAD_ENV })];
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    redis.disconnect();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('[PD4.1] on Redis, deleting removes every key with the session hash tag; sockets close on both instances; links are refused', async () => {
    const { session, join, pia } = await busySession(servers[0], clients);
    const watcher = new TestClient(servers[1].url, session.onlineModeratorToken);
    clients.push(watcher);
    await watcher.ready();
    const before = await scanSession(redis, session.sessionId);
    expect(before.length).toBeGreaterThanOrEqual(4);
    expect(before.some((k) => k.endsWith(':log'))).toBe(true);
    expect(before.some((k) => k.includes(':ballots'))).toBe(true);

    expect((await fetch(`${servers[1].url}/api/sessions/${session.sessionId}`, { method: 'DELETE', headers: { 'x-organiser-key': 'wrong-key-wrong-key-123' } })).status).toBe(401);
    const res = await fetch(`${servers[1].url}/api/sessions/${session.sessionId}`, { method: 'DELETE', headers: { 'x-organiser-key': ORGANISER_KEY } });
    expect(res.status).toBe(200);
    expect(await scanSession(redis, session.sessionId)).toEqual([]);
    expect(await redis.get(`dr:code:${session.joinCode}`)).toBeNull();
    expect(await redis.sismember('dr:sessions', session.sessionId)).toBe(0);
    // Live sockets on both instances are closed.
    await eventually(() => expect([pia.socket.connected, watcher.socket.connected]).toEqual([false, false]), 5000);

    // Links are refused afterwards, on either instance.
    for (const s of servers) {
      const refused = await connectError(s.url, { token: session.onsiteModeratorToken, protocol: PROTOCOL_VERSION });
      expect(refused.data?.code).toBe('SESSION_NOT_FOUND');
      const p = await connectError(s.url, { token: join.token, protocol: PROTOCOL_VERSION });
      expect(p.data?.code).toBe('SESSION_NOT_FOUND');
      expect((await (await fetch(`${s.url}/api/join/${session.joinCode}`)).json()).error.code).toBe('INVALID_JOIN_CODE');
      expect((await fetch(`${s.url}/api/sessions/${session.sessionId}/report.json`, { headers: org })).status).toBe(404);
    }
    const again = await fetch(`${servers[0].url}/api/sessions/${session.sessionId}`, { method: 'DELETE', headers: { 'x-organiser-key': ORGANISER_KEY } });
    expect((await again.json()).error.code).toBe('SESSION_NOT_FOUND');
  });

  it('[PD4.2] a clone has the same agenda and polls with new ids, and no people, answers or text; reset deletes the rehearsal', async () => {
    const { session, mod, q, single } = await busySession(servers[0], clients);
    const res = await fetch(`${servers[0].url}/api/sessions/${session.sessionId}/clone`, { method: 'POST', headers: org, body: '{}' });
    expect(res.status).toBe(201);
    const copy = (await res.json()) as { sessionId: string; joinCode: string; onsiteModeratorToken: string };
    expect(copy.sessionId).not.toBe(session.sessionId);
    expect(copy.joinCode).not.toBe(session.joinCode);
    const cm = new TestClient(servers[1].url, copy.onsiteModeratorToken);
    clients.push(cm);
    await cm.ready();
    const a = mod.state!;
    const b = cm.state!;
    expect(b.title).toBe(a.title);
    expect(b.languages).toEqual(a.languages);
    expect(b.agenda.map((p) => [p.title, p.minutes, p.room])).toEqual(a.agenda.map((p) => [p.title, p.minutes, p.room]));
    const polls = (s: typeof a) => s.pollOrder.map((id) => s.polls[id]).map((p) => [p.kind, p.question, p.options]);
    expect(polls(b)).toEqual(polls(a));
    for (const id of b.pollOrder) {
      expect(a.pollOrder).not.toContain(id);
      expect(b.polls[id].status).toBe('draft');
    }
    expect(b.questionnaireOrder).toHaveLength(1);
    expect(b.questionnaireOrder[0]).not.toBe(q.questionnaireId);
    expect(b.questionnaires[b.questionnaireOrder[0]].pollIds.map((id) => b.polls[id].question)).toEqual(['Agree?', 'How much?']);
    // No people but two moderators (same names), no answers, no chat, no worksheet text.
    expect(Object.values(b.people).map((p) => p.role).sort()).toEqual(['moderator', 'moderator']);
    expect(Object.values(b.people).map((p) => p.name).sort()).toEqual(Object.values(a.people).filter((p) => p.role === 'moderator').map((p) => p.name).sort());
    expect(Object.keys(b.pollResults)).toHaveLength(0);
    expect(JSON.stringify(b)).not.toContain('Hello from Pia');
    const keys = await scanSession(redis, copy.sessionId);
    expect(keys.filter((k) => k.includes(':ballots') || k.includes(':ws:'))).toEqual([]);
    expect(single.pollId).toBeTruthy();

    // Reset: a clean copy, and the rehearsal is gone.
    const reset = await fetch(`${servers[0].url}/api/sessions/${session.sessionId}/reset`, { method: 'POST', headers: org, body: '{}' });
    expect(reset.status).toBe(201);
    const fresh = (await reset.json()) as { sessionId: string };
    expect(await scanSession(redis, session.sessionId)).toEqual([]);
    expect((await scanSession(redis, fresh.sessionId)).length).toBeGreaterThan(0);
    const list = (await (await fetch(`${servers[1].url}/api/sessions`, { headers: org })).json()) as { sessions: Array<{ sessionId: string; participants: number }> };
    expect(list.sessions.some((s) => s.sessionId === session.sessionId)).toBe(false);
    expect(list.sessions.find((s) => s.sessionId === fresh.sessionId)?.participants).toBe(0);
  });

  it('[PD4.3] on the embedded default, deleting removes the session journal file and refuses its links', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dr-delete-'));
    const server = await startServer({ store: await FileStore.open(dir) });
    try {
      const { session } = await busySession(server, clients);
      const file = path.join(dir, 'sessions', `${session.sessionId}.jsonl`);
      await eventually(() => expect(existsSync(file)).toBe(true), 3000);
      const res = await fetch(`${server.url}/api/sessions/${session.sessionId}`, { method: 'DELETE', headers: { 'x-organiser-key': ORGANISER_KEY } });
      expect(res.status).toBe(200);
      expect(existsSync(file)).toBe(false);
      expect(readdirSync(path.join(dir, 'sessions')).filter((n) => n.includes(session.sessionId))).toEqual([]);
      const refused = await connectError(server.url, { token: session.onsiteModeratorToken, protocol: PROTOCOL_VERSION });
      expect(refused.data?.code).toBe('SESSION_NOT_FOUND');
      expect((await (await fetch(`${server.url}/api/join/${session.joinCode}`)).json()).error.code).toBe('INVALID_JOIN_CODE');
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
