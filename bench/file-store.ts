/**
 * The embedded store on disk: what an fsynced ack costs, what group commit saves, how long a restart takes.
 * Run: npx tsx bench/file-store.ts   (env: N=2000 ballots in the burst, EVENTS=50000 in the reopened log)
 * Writes into a temporary directory under the OS temp dir and removes it.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileStore } from '../server/store/fileStore.js';
import { MemoryStore } from '../server/store/memoryStore.js';
import type { Store } from '../server/store/Store.js';

const N = Number(process.env.N ?? 2000);
const EVENTS = Number(process.env.EVENTS ?? 50_000);
const ms = (t0: number) => (performance.now() - t0).toFixed(1);

async function burst(store: Store, sid: string): Promise<string> {
  await store.setPollOpen(sid, 'poll', true);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: N }, (_, i) => store.castBallot(sid, 'poll', `p${i}`, JSON.stringify({ b: { choices: [i % 4] }, m: 'online', r: 'plenary' }))));
  return ms(t0);
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'dr-bench-'));
  try {
    const file = await FileStore.open(dir);
    const before = file.syncCount();
    const fileBurst = await burst(file, 's_burst');
    const syncs = file.syncCount() - before;
    const memBurst = await burst(new MemoryStore(), 's_burst');
    console.log(`burst of ${N} concurrent ballots: file ${fileBurst} ms with ${syncs} fsyncs (memory ${memBurst} ms)`);

    // One command at a time (each waits for its own ack): the latency a lone participant sees.
    let t0 = performance.now();
    for (let i = 0; i < 500; i++) await file.append('s_seq', i, [{ type: 'chat:posted', data: { text: `message ${i}` }, audience: { all: true } }], { at: Date.now(), by: 'p1', cid: `p1:c${i}` });
    console.log(`sequential appends: ${(Number(ms(t0)) / 500).toFixed(3)} ms each (write + fdatasync)`);

    // A long day's log, then a restart.
    const batch = 100;
    t0 = performance.now();
    for (let seq = 0; seq < EVENTS; seq += batch) {
      await Promise.all(
        Array.from({ length: batch }, (_, k) =>
          file.append(`s_big${k % 10}`, Math.floor((seq + k) / 10) - 0, [{ type: 'chat:posted', data: { text: `message ${seq + k} ${'x'.repeat(80)}` }, audience: { all: true } }], { at: Date.now(), by: 'p1' }),
        ),
      );
    }
    console.log(`wrote ${EVENTS} events over 10 sessions in ${ms(t0)} ms`);
    await file.close();
    const bytes = [...Array(10).keys()].reduce((n, k) => n + statSync(file.fileOf(`s_big${k}`)).size, 0);
    t0 = performance.now();
    const reopened = await FileStore.open(dir);
    const restored = (await reopened.listSessions()).length;
    console.log(`reopen: ${restored} sessions, ${(bytes / 1e6).toFixed(1)} MB of journals read in ${ms(t0)} ms`);
    await reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
