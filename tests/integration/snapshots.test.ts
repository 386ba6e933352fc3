import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { applyEvent } from '../../shared/domain/apply.js';
import { ev } from '../../shared/domain/events.js';
import { PLENARY_ID, emptySessionState } from '../../shared/domain/state.js';
import { roomAudience } from '../../server/capabilities/chat/decide.js';
import { SessionHub } from '../../server/sessions/SessionHub.js';
import { FileStore } from '../../server/store/fileStore.js';
import { keys } from '../../server/store/keys.js';
import { MemoryStore } from '../../server/store/memoryStore.js';
import { RedisStore } from '../../server/store/redisStore.js';
import { readHistory, type Store } from '../../server/store/Store.js';
import { eventually } from '../helpers/clients.js';
import { ORGANISER_KEY, REDIS_URL, createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';

/**
 * Issue 20, Bounded: a session of 20,000 events is snapshotted every SNAPSHOT_EVERY events, its log trimmed behind
 * the previous snapshot (seqs stay global), and it loads from snapshot + tail with the state a full replay gives.
 */
const TOTAL = 20_000;
/** Events per command: real chat messages, many per command so the file store's fsyncs stay few. */
const PER_COMMAND = 100;
/** Not a divisor of 20,000, so the newest snapshot is behind the head and loading replays a real tail. */
const EVERY = 1300;

const silent = pino({ level: 'silent' });

/** Fills the session up to exactly TOTAL events with chat messages (and a few joins between waves, for variety). */
async function fill(server: TestServer, sessionId: string, joinCode: string): Promise<void> {
  const hub = server.app.hub;
  let wave = 0;
  for (;;) {
    const head = (await hub.require(sessionId)).state.seq;
    if (head >= TOTAL) break;
    if (wave % 5 === 0 && TOTAL - head > 10) await joinSession(server, joinCode, `Person ${wave}`);
    const left = TOTAL - (await hub.require(sessionId)).state.seq;
    const commands = Math.min(20, Math.ceil(left / PER_COMMAND));
    await Promise.all(
      Array.from({ length: commands }, (_, c) => {
        const n = Math.min(PER_COMMAND, left - c * PER_COMMAND);
        if (n <= 0) return Promise.resolve([]);
        return hub.execute(sessionId, null, () =>
          Array.from({ length: n }, (_, i) =>
            ev('chat:posted', { message: { id: `m-${wave}-${c}-${i}`, roomId: PLENARY_ID, personId: 'p-none', name: 'Bot', text: `message ${wave}/${c}/${i}`, at: 1000 + i, hidden: false } }, roomAudience(PLENARY_ID)),
          ),
        );
      }),
    );
    wave++;
  }
}

/** The state a replay of the whole history (archive + log) gives, as JSON. */
async function fullReplay(store: Store, sessionId: string): Promise<{ json: string; ms: number; events: number }> {
  const t0 = performance.now();
  const events = await readHistory(store, sessionId);
  const state = emptySessionState(sessionId);
  for (const e of events) applyEvent(state, e);
  return { json: JSON.stringify(state), ms: performance.now() - t0, events: events.length };
}

/** A fresh hub's load (snapshot + tail), as JSON, and how long it took. */
async function freshLoad(store: Store, sessionId: string): Promise<{ json: string; ms: number; seq: number }> {
  const hub = new SessionHub(store, silent);
  const t0 = performance.now();
  const rt = await hub.require(sessionId);
  return { json: JSON.stringify(rt.state), ms: performance.now() - t0, seq: rt.state.seq };
}

async function checkBounded(server: TestServer, store: Store, storedEntries: () => Promise<number>, label: string) {
  const created = await createSession(server);
  await joinSession(server, created.joinCode, 'Ada');
  await fill(server, created.sessionId, created.joinCode);
  const sid = created.sessionId;
  expect(await store.headSeq(sid)).toBe(TOTAL);

  // A snapshot was persisted near the head, and the log is trimmed behind the previous one: fewer entries are stored.
  // The instance that appended writes the snapshot after its append, without holding the session: wait for it.
  const snap = await eventually(async () => {
    const s = await store.readSnapshot(sid);
    expect(s!.seq).toBeGreaterThanOrEqual(TOTAL - EVERY - PER_COMMAND * 20);
    return s;
  });
  expect(await storedEntries()).toBeLessThan(TOTAL);
  // Kept: from the previous snapshot on (one interval of margin behind the newest), not the whole day.
  expect(await storedEntries()).toBeLessThanOrEqual(TOTAL - snap!.seq + EVERY + PER_COMMAND * 20);
  const tail = await store.readLog(sid, 0);
  expect(tail[0].seq).toBeGreaterThan(1);
  expect(tail.at(-1)!.seq).toBe(TOTAL);

  const replay = await fullReplay(store, sid);
  expect(replay.events).toBe(TOTAL);
  const loaded = await freshLoad(store, sid);
  expect(loaded.seq).toBe(TOTAL);
  expect(loaded.json).toBe(replay.json);
  // The running instance's state (kept by applying each event) is the same too.
  expect(JSON.stringify(server.app.hub.peek(sid)!.state)).toBe(replay.json);
  console.log(`[snapshots] ${label}: load of ${TOTAL} events: full replay ${replay.ms.toFixed(0)} ms, snapshot + tail (${TOTAL - snap!.seq} events) ${loaded.ms.toFixed(0)} ms`);

  // Seqs stay global: the next command gets TOTAL + 1.
  const next = await server.app.hub.execute(sid, null, () => [ev('chat:posted', { message: { id: 'm-next', roomId: PLENARY_ID, personId: 'p-none', name: 'Bot', text: 'next', at: 1, hidden: false } }, roomAudience(PLENARY_ID))]);
  expect(next[0].seq).toBe(TOTAL + 1);
  // Now the snapshot is surely behind the head: a load replays a real tail on top of it.
  const snapNow = await store.readSnapshot(sid);
  expect(snapNow!.seq).toBeLessThan(TOTAL + 1);
  const withTail = await freshLoad(store, sid);
  expect(withTail.seq).toBe(TOTAL + 1);
  expect(withTail.json).toBe((await fullReplay(store, sid)).json);

  // The report still reads the whole history (archive + log).
  const res = await fetch(`${server.url}/api/sessions/${sid}/report.json`, { headers: { 'x-organiser-key': ORGANISER_KEY } });
  expect(res.status).toBe(200);
  const report = (await res.json()) as { session: { lastSeq: number }; attendance: { joined: { participants: { online: number } } } };
  expect(report.session.lastSeq).toBe(TOTAL + 1);
  expect(report.attendance.joined.participants.online).toBeGreaterThanOrEqual(2);
  return sid;
}

const chat = (i: number) => ev('chat:posted', { message: { id: `c${i}`, roomId: PLENARY_ID, personId: 'p-none', name: 'Bot', text: `chat ${i}`, at: i, hidden: false } }, roomAudience(PLENARY_ID));

describe('[B] an instance that fell behind the trimmed log', () => {
  it('[B3] reloads from the snapshot on catch-up and ends with the writer\'s state', async () => {
    const store = new MemoryStore();
    const sid = 'behind';
    await store.append(sid, 0, [chat(0)], { by: null });
    const reader = new SessionHub(store, silent);
    const writer = new SessionHub(store, silent, Date.now, { snapshotEvery: 100 });
    const stale = await reader.require(sid);
    const applied: number[] = [];
    reader.onApplied((_rt, events) => applied.push(...events.map((e) => e.seq)));
    for (let i = 1; i <= 500; i += 50) await writer.execute(sid, null, () => Array.from({ length: 50 }, (_, k) => chat(i + k)));
    await eventually(async () => expect((await store.readLog(sid, 0))[0].seq).toBeGreaterThan(2));
    await reader.catchUp(sid);
    expect(stale.state.seq).toBe(501);
    expect(JSON.stringify(stale.state)).toBe(JSON.stringify((await writer.require(sid)).state));
    // The fan-out was handed the tail it could not follow event by event (its clients then sync).
    expect(applied.at(-1)).toBe(501);
  });
});

describe('[B] bounded sessions: snapshot every SNAPSHOT_EVERY events, log trimmed, seqs global', () => {
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  });

  it('[B1] Redis: 20,000 events load from snapshot + tail with the state of a full replay; LLEN < 20,000; next seq 20,001', async () => {
    const server = await startServer({ redisUrl: REDIS_URL, env: { SNAPSHOT_EVERY: String(EVERY) } });
    closers.push(() => server.close());
    const store = await RedisStore.connect({ url: REDIS_URL });
    closers.push(() => store.close());
    let sid = '';
    sid = await checkBounded(server, store, () => store.redis.llen(keys.log(sid)), 'redis');
    // Command ids are timed in a sorted set beside the hash; deletion (RETENTION_DAYS, organiser) removes every key.
    expect(await store.redis.zcard(keys.commandIdTimes(sid))).toBeGreaterThan(0);
    expect(await store.redis.exists(keys.snapshot(sid), keys.logOffset(sid), keys.archive(sid))).toBe(3);
    await store.deleteSession(sid, []);
    expect(await store.redis.exists(keys.snapshot(sid), keys.logOffset(sid), keys.archive(sid), keys.commandIdTimes(sid), keys.log(sid))).toBe(0);
  }, 120_000);

  it('[B2] file store (the embedded default): the same, and again after the store is reopened from its journal', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dr-snap-'));
    closers.push(async () => rmSync(dir, { recursive: true, force: true }));
    const store = await FileStore.open(dir);
    const server = await startServer({ store, env: { SNAPSHOT_EVERY: String(EVERY) } });
    let sid = '';
    sid = await checkBounded(server, store, async () => (await store.readLog(sid, 0)).length, 'file');
    const before = await fullReplay(store, sid);
    await server.close();
    // app.close() closes the store it was given; reopen from the journal (snapshot, trim and base records replayed).
    const reopened = await FileStore.open(dir);
    closers.push(() => reopened.close());
    expect(await reopened.headSeq(sid)).toBe(TOTAL + 1);
    expect((await reopened.readLog(sid, 0)).length).toBeLessThan(TOTAL);
    const after = await freshLoad(reopened, sid);
    expect(after.json).toBe(before.json);
    expect((await fullReplay(reopened, sid)).json).toBe(before.json);
  }, 120_000);
});
