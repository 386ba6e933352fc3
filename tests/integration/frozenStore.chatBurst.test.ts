import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../server/store/redisStore.js';
import { createSession, joinSession, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { OwnRedis } from '../helpers/redisServer.js';
import { startProcessServer, type ProcessServer } from '../helpers/processServer.js';

/** The web client's ack timeout (ACK_TIMEOUT_MS in client/src/net/connection.ts). */
const ACK_TIMEOUT_MS = 8000;
const FREEZE_MS = 5000;
/** The target of issue 14: the backlog is answered within 2 s of Redis returning. */
const AFTER_THAW_MS = 2000;
const PEOPLE = 40;

interface Attempt {
  sentAt: number;
  answeredAt: number | null;
  res: { ok: boolean; messageId?: string; error?: { code: string } } | null;
}
interface Message {
  person: number;
  cid: string;
  text: string;
  attempts: Attempt[];
}

describe('[E5] a chat burst while Redis is frozen for 5 s', () => {
  let redis: OwnRedis;
  let server: ProcessServer;
  let store: RedisStore;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    server = await startProcessServer({ REDIS_URL: redis.url, JOINS_PER_MINUTE: '1000000' });
    store = await RedisStore.connect({ url: redis.url });
  });
  afterAll(async () => {
    redis?.thaw();
    await server?.kill();
    await store?.close();
    await redis?.stop();
  });

  it('answers every command by 2 s after Redis returns; nothing acked is lost, nothing retried is doubled', async () => {
    const srv = { url: server.url } as TestServer;
    const session = await createSession(srv);
    const clients: TestClient[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const p = await joinSession(srv, session.joinCode, `Person ${i}`);
      clients.push(new TestClient(server.url, p.token));
    }
    await Promise.all(clients.map((c) => c.ready()));

    const messages: Message[] = [];
    const send = async (m: Message) => {
      const attempt: Attempt = { sentAt: Date.now(), answeredAt: null, res: null };
      m.attempts.push(attempt);
      try {
        attempt.res = await clients[m.person].socket.timeout(ACK_TIMEOUT_MS).emitWithAck('chat:send', { text: m.text, cid: m.cid });
        attempt.answeredAt = Date.now();
      } catch {
        // No answer within the client's ack timeout: the client gives up on this attempt and retries later.
      }
      return attempt;
    };
    const at = (ms: number, f: () => Promise<unknown>) => new Promise<unknown>((resolve) => setTimeout(() => resolve(f()), ms));

    // Each person: one message before the freeze, one during it, one after it (spread over the windows).
    const t0 = Date.now();
    const FREEZE_AT = 800;
    const windows = [[0, 600], [FREEZE_AT + 100, FREEZE_AT + FREEZE_MS - 200], [FREEZE_AT + FREEZE_MS + 100, FREEZE_AT + FREEZE_MS + 800]];
    const firstRuns: Array<Promise<unknown>> = [];
    for (let person = 0; person < PEOPLE; person++) {
      windows.forEach(([from, to], w) => {
        const m: Message = { person, cid: `burst-${person}-${w}-${t0}`, text: `message ${w} of person ${person}`, attempts: [] };
        messages.push(m);
        firstRuns.push(at(from + Math.floor(((to - from) * (person + 0.5)) / PEOPLE), () => send(m)));
      });
    }
    let thawedAt = 0;
    const freeze = at(FREEZE_AT, async () => {
      redis.freeze();
      await new Promise((r) => setTimeout(r, FREEZE_MS));
      redis.thaw();
      thawedAt = Date.now();
    });
    await Promise.all([...firstRuns, freeze]);

    // Every first attempt was answered (none left to the client's timeout), and none later than 2 s after thaw.
    const firsts = messages.map((m) => m.attempts[0]);
    const unanswered = firsts.filter((a) => a.answeredAt === null);
    expect(unanswered).toHaveLength(0);
    const latest = Math.max(...firsts.filter((a) => a.sentAt < thawedAt).map((a) => a.answeredAt!));
    console.log(`[E5] last answer to a command sent before thaw: ${latest - thawedAt} ms after Redis returned; ` +
      `${firsts.filter((a) => a.res?.ok).length}/${firsts.length} first attempts ok; codes: ${JSON.stringify(countCodes(firsts))}`);
    expect(latest - thawedAt).toBeLessThanOrEqual(AFTER_THAW_MS);
    // Only honest, retryable refusals.
    for (const a of firsts) if (a.res && !a.res.ok) expect(['UNAVAILABLE', 'OUTCOME_UNKNOWN', 'RATE_LIMITED']).toContain(a.res.error!.code);

    // The client retries what was not acked ok, with the same cid, until it is.
    for (const m of messages) {
      const deadline = Date.now() + 20_000;
      while (!m.attempts[m.attempts.length - 1].res?.ok) {
        if (Date.now() > deadline) throw new Error(`${m.cid} never acked: ${JSON.stringify(m.attempts.map((a) => a.res))}`);
        if (m.attempts.length > 1) await new Promise((r) => setTimeout(r, 300));
        await send(m);
      }
    }

    const log = await store.readLog(session.sessionId, 0);
    const posted = log.filter((e) => e.type === 'chat:posted');
    for (const m of messages) {
      const cidOf = (e: (typeof posted)[number]) => e.cid?.endsWith(`:${m.cid}`);
      const mine = posted.filter(cidOf);
      // Every message is in the log exactly once, whatever its attempts were answered…
      expect(mine, m.cid).toHaveLength(1);
      expect((mine[0].data as { message: { text: string; id: string } }).message.text).toBe(m.text);
      // …and every ok answer (first or retry) names that one message.
      for (const a of m.attempts) if (a.res?.ok) expect(a.res.messageId).toBe((mine[0].data as { message: { id: string } }).message.id);
    }
    expect(posted).toHaveLength(messages.length);
    for (const c of clients) c.close();
  }, 90_000);
});

function countCodes(attempts: Attempt[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of attempts) {
    const k = a.res ? (a.res.ok ? 'ok' : a.res.error!.code) : 'no answer';
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
