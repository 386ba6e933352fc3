/**
 * Time to load a 20,000-event session: full replay of the log vs the newest snapshot plus the tail (issue 20,
 * Bounded). Run: `npx tsx bench/snapshot-load.ts` (Redis at REDIS_URL, default 127.0.0.1:6379; the file store in a
 * temp directory). The session is written through a SessionHub with SNAPSHOT_EVERY=1000, then loaded by fresh hubs,
 * alternating the two ways, ROUNDS times each; medians are printed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { applyEvent } from '../shared/domain/apply.js';
import { ev } from '../shared/domain/events.js';
import { PLENARY_ID, emptySessionState } from '../shared/domain/state.js';
import { SessionHub } from '../server/sessions/SessionHub.js';
import { FileStore } from '../server/store/fileStore.js';
import { RedisStore } from '../server/store/redisStore.js';
import { readHistory, type Store } from '../server/store/Store.js';

const TOTAL = 20_000;
const ROUNDS = 7;
const log = pino({ level: 'silent' });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Up to 19,000 with SNAPSHOT_EVERY=1000, then 1,000 more without snapshots: the longest tail the default leaves. */
async function fill(store: Store, sessionId: string): Promise<void> {
  await fillTo(store, sessionId, TOTAL - 1000, new SessionHub(store, log, Date.now, { snapshotEvery: 1000 }));
  await new Promise((r) => setTimeout(r, 200)); // the last snapshot is written after its append
  await fillTo(store, sessionId, TOTAL, new SessionHub(store, log, Date.now, { snapshotEvery: 0 }));
}

async function fillTo(store: Store, sessionId: string, total: number, hub: SessionHub): Promise<void> {
  // Chat messages only (a real, cheap event the appliers accept): the load cost is the replay, whatever the kinds.
  if ((await store.headSeq(sessionId)) === 0) await store.append(sessionId, 0, [ev('chat:posted', message(0), { rooms: [PLENARY_ID] })], { by: null });
  for (let seq = await store.headSeq(sessionId); seq < total; seq = await store.headSeq(sessionId)) {
    const commands = Math.min(20, Math.ceil((total - seq) / 100));
    await Promise.all(Array.from({ length: commands }, (_, c) => hub.execute(sessionId, null, () => Array.from({ length: Math.min(100, total - seq - c * 100) }, (_, i) => ev('chat:posted', message(seq + c * 100 + i), { rooms: [PLENARY_ID] })))));
  }
}

function message(i: number) {
  return { message: { id: `m${i}`, roomId: PLENARY_ID, personId: 'p', name: 'Bench', text: `message number ${i}`, at: i, hidden: false } };
}

async function measure(name: string, store: Store, sessionId: string) {
  const full: number[] = [];
  const snap: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let t0 = performance.now();
    const state = emptySessionState(sessionId);
    for (const e of await readHistory(store, sessionId)) applyEvent(state, e);
    full.push(performance.now() - t0);
    t0 = performance.now();
    await new SessionHub(store, log).require(sessionId);
    snap.push(performance.now() - t0);
  }
  const s = await store.readSnapshot(sessionId);
  console.log(`${name}: ${TOTAL} events, snapshot at ${s?.seq}, tail ${TOTAL - (s?.seq ?? 0)}: full replay median ${median(full).toFixed(0)} ms, snapshot + tail median ${median(snap).toFixed(1)} ms`);
}

const redis = await RedisStore.connect({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
const rid = `bench_snap_${Date.now()}`;
await fill(redis, rid);
await measure('redis', redis, rid);
await redis.deleteSession(rid, []);
await redis.close();

const dir = mkdtempSync(path.join(tmpdir(), 'dr-bench-snap-'));
const file = await FileStore.open(dir);
await fill(file, 'bench_file');
await measure('file', file, 'bench_file');
await file.close();
rmSync(dir, { recursive: true, force: true });
