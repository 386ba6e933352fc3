/**
 * Load generator of the scale benchmarks, run in its own process (`child_process.fork` from run.ts) so it
 * does not share an event loop with the servers or the orchestrator. One clock: every latency is
 * `performance.now()` in this process at receipt minus the *intended* send time on the same clock (a late
 * send counts its lateness: no coordinated omission). Every wait is bounded; the process exits by itself.
 *
 * The orchestrator sends { scenario, side, urls, organiserKey, params }; this process answers
 * { type: 'result', metrics } (or { type: 'error' }) and asks for server samples with { type: 'sample' }.
 */
import { performance } from 'node:perf_hooks';
import { baselineSide, productSide, type Ack, type Client, type Side } from './sides.js';
import { percentile } from './stats.js';

interface Job {
  scenario: string;
  side: 'product' | 'baseline';
  urls: string[];
  organiserKey: string;
  params: Record<string, number>;
}
interface Sample {
  cpuMs: number;
  rssKiB: number;
  /** Connections the bench's Redis holds (every server's clients together). */
  redisClients?: number;
  /** Heap in use after a full GC (memory scenario only). */
  heapKiB?: number;
}
type Metrics = Record<string, number>;

const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sampleId = 0;
const pendingSamples = new Map<number, (s: Sample) => void>();
/** CPU time and RSS of the server processes (summed over instances), read by the orchestrator from /proc. */
function sample(gc = false): Promise<Sample> {
  const id = ++sampleId;
  return new Promise((resolve) => {
    pendingSamples.set(id, resolve);
    process.send!({ type: 'sample', id, gc });
  });
}

/** Calls fn(i, intendedAt) at start + i * gapMs for i < count; resolves when every call has settled. */
async function schedule<T>(count: number, gapMs: number, fn: (i: number, intended: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  const start = now() + 50;
  const out: Promise<T>[] = [];
  for (let i = 0; i < count; i++) {
    const intended = start + i * gapMs;
    const wait = intended - now();
    if (wait > 1) await sleep(wait);
    out.push(fn(i, intended));
  }
  return Promise.allSettled(out);
}

/** Joins `count` people, `batch` at a time (setup, not measured). */
async function joinMany(side: Side, urls: string[], count: number, group?: (i: number) => number, batch = 50): Promise<Client[]> {
  const out: Client[] = [];
  for (let s = 0; s < count; s += batch) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - s) }, (_, k) => side.join(s + k, urls[(s + k) % urls.length], { group: group?.(s + k) })))));
  }
  return out;
}

async function until(pred: () => boolean, ms: number): Promise<boolean> {
  const end = now() + ms;
  while (!pred()) {
    if (now() > end) return false;
    await sleep(5);
  }
  return true;
}

/** Counts the refusals by reason and prints them (stderr), so a failed run says why. */
function refusals(side: Side, what: string, results: PromiseSettledResult<Ack>[]): number {
  const reasons = new Map<string, number>();
  for (const r of results) {
    const k = r.status === 'rejected' ? String(r.reason?.message ?? r.reason).slice(0, 60) : r.value === true ? null : r.value;
    if (k !== null) reasons.set(k, (reasons.get(k) ?? 0) + 1);
  }
  if (reasons.size) console.error(`[${side.name}] ${what} refused: ${JSON.stringify([...reasons])}`);
  return [...reasons.values()].reduce((a, b) => a + b, 0);
}

const r1 = (x: number) => Math.round(x * 10) / 10;
function lat(prefix: string, xs: number[]): Metrics {
  return { [`${prefix}P50Ms`]: r1(percentile(xs, 50)), [`${prefix}P99Ms`]: r1(percentile(xs, 99)), [`${prefix}MaxMs`]: r1(percentile(xs, 100)) };
}

const scenarios: Record<string, (side: Side, job: Job) => Promise<Metrics>> = {
  /** N sockets in one session; ROUNDS plenary broadcasts, one every INTERVAL_MS; delivery to every socket. */
  async fanout(side, { urls, params }) {
    const { N, ROUNDS, INTERVAL_MS } = params;
    const clients = await joinMany(side, urls, N);
    const intended = new Map<string, number>();
    const lats: number[] = [];
    for (const c of clients) side.onBroadcast(c, (text) => { const t = intended.get(text); if (t !== undefined) lats.push(now() - t); });
    await sleep(1000);
    const before = await sample();
    const sent = await schedule(ROUNDS, INTERVAL_MS, (r, t) => {
      intended.set(`round ${r}`, t);
      return side.broadcast(`round ${r}`);
    });
    const refused = refusals(side, 'broadcast', sent);
    await until(() => lats.length >= N * ROUNDS, 15_000);
    const after = await sample();
    return { sockets: N, rounds: ROUNDS, refused, delivered: lats.length, expected: N * ROUNDS, ...lat('delivery', lats), serverCpuMsPerRound: r1((after.cpuMs - before.cpuMs) / ROUNDS) };
  },

  /** BALLOTS voters connected across the instances; all ballots sent within SPAN_MS; OBSERVERS watch the tally. */
  async ballots(side, { urls, params }) {
    const { BALLOTS, SPAN_MS, OBSERVERS, OPTIONS } = params;
    const observers = await Promise.all(Array.from({ length: OBSERVERS }, (_, k) => side.join(k, urls[k % urls.length], { observer: true })));
    const voters = await joinMany(side, urls, BALLOTS);
    const expected = new Array(OPTIONS).fill(0);
    voters.forEach((_, i) => expected[i % OPTIONS]++);
    const exactAt: Array<number | null> = observers.map(() => null);
    observers.forEach((o, k) => side.onTally(o, (n, counts) => { if (exactAt[k] === null && n === BALLOTS && counts.join() === expected.join()) exactAt[k] = now(); }));
    const poll = await side.openPoll(OPTIONS);
    await sleep(1000);
    const before = await sample();
    const acks: number[] = [];
    let lastIntended = 0;
    const results = await schedule(BALLOTS, SPAN_MS / BALLOTS, async (i, t) => {
      lastIntended = t;
      const ok = await side.vote(voters[i], poll, i % OPTIONS);
      if (ok === true) acks.push(now() - t);
      return ok;
    });
    await until(() => exactAt.every((x) => x !== null), 15_000);
    const after = await sample();
    const tally = exactAt.filter((x): x is number => x !== null).map((x) => x - lastIntended);
    return {
      ballots: BALLOTS,
      acked: acks.length,
      refused: refusals(side, 'ballot', results),
      observersExact: tally.length,
      observers: OBSERVERS,
      ...lat('ack', acks),
      ...lat('finalTally', tally),
      serverCpuMsPerBallot: r1(((after.cpuMs - before.cpuMs) / BALLOTS) * 1000) / 1000,
    };
  },

  /** ROOMS breakout groups of PER_GROUP people, each person chatting CHAT_HZ messages/s for SECONDS. */
  async breakout(side, { urls, params }) {
    const { ROOMS, PER_GROUP, CHAT_HZ, SECONDS } = params;
    const n = ROOMS * PER_GROUP;
    const people = await joinMany(side, urls, n, (i) => i % ROOMS);
    await side.openBreakouts(ROOMS);
    await sleep(2000);
    const syncsAtOpen = people.reduce((a, c) => a + c.gapSyncs + c.resyncs, 0);
    for (const c of people) c.gapSyncs = c.resyncs = 0;
    const intended = new Map<string, number>();
    const lats: number[] = [];
    for (const c of people) side.onChat(c, (text) => { const t = intended.get(text); if (t !== undefined) lats.push(now() - t); });
    const perPerson = Math.max(1, Math.round(SECONDS * CHAT_HZ));
    const total = n * perPerson;
    // Sends interleaved evenly: person i's k-th message at start + (k * n + i) / (n * CHAT_HZ) s.
    const results = await schedule(total, 1000 / (n * CHAT_HZ), async (j, t) => {
      const text = `m ${j}`;
      intended.set(text, t);
      return side.chat(people[j % n], text);
    });
    const acked = results.filter((r) => r.status === 'fulfilled' && r.value === true).length;
    const refused = refusals(side, 'chat', results);
    await until(() => lats.length >= acked * PER_GROUP, 10_000);
    await sleep(500);
    return {
      people: n,
      sent: total,
      acked,
      refused,
      delivered: lats.length,
      expected: acked * PER_GROUP,
      ...lat('delivery', lats),
      gapSyncsDuringChat: people.reduce((a, c) => a + c.gapSyncs, 0),
      resyncPushesDuringChat: people.reduce((a, c) => a + c.resyncs, 0),
      syncsOrResyncsAtOpen: syncsAtOpen,
    };
  },

  /** JOINS people arriving evenly over SPAN_S seconds: HTTP join + socket + first snapshot each. */
  async joins(side, { urls, params }) {
    const { JOINS, SPAN_S, TIMEOUT_MS } = params;
    const lats: number[] = [];
    const snap: number[] = [];
    // Warm-up (not measured): the first joins of a fresh process pay module loading and JIT on both ends.
    await joinMany(side, urls, Math.min(10, JOINS), undefined, 5);
    await sleep(500);
    const before = await sample();
    const results = await schedule(JOINS, (SPAN_S * 1000) / JOINS, async (i, t) => {
      const c = await Promise.race([side.join(100_000 + i, urls[i % urls.length]), sleep(TIMEOUT_MS).then(() => { throw new Error('timeout'); })]);
      lats.push(now() - t);
      snap.push(c.snapshotBytes);
      return c;
    });
    const after = await sample();
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    const reasons = new Map<string, number>();
    for (const f of failed) {
      const k = String(f.reason?.message ?? f.reason).slice(0, 60);
      reasons.set(k, (reasons.get(k) ?? 0) + 1);
    }
    if (reasons.size) console.error(`[${side.name}] join failures: ${JSON.stringify([...reasons])}`);
    return {
      joins: JOINS,
      joined: lats.length,
      failed: failed.length,
      ...lat('join', lats),
      // The last joiner's (in completion order) and the largest: small sessions list everybody (SMALL_PLENARY), so
      // the largest is an early joiner's, not the last one's.
      lastSnapshotBytes: snap.at(-1) ?? 0,
      maxSnapshotBytes: snap.length ? Math.max(...snap) : 0,
      serverCpuMsPerJoin: r1(((after.cpuMs - before.cpuMs) / Math.max(1, lats.length)) * 100) / 100,
    };
  },

  /**
   * SESSIONS sessions of PEOPLE people each, over the instances, on one deployment: every session gets ROUNDS
   * plenary broadcasts and one poll that all its people answer, staggered so that the sessions' traffic
   * interleaves (session s acts at s / SESSIONS of each INTERVAL_MS). Per-session p99s, so that one run with
   * SESSIONS=1 and one with many compare the cost of a session among many to a session alone.
   */
  async sessions(_unused, { urls, params, side: sideName, organiserKey }) {
    const { SESSIONS, PEOPLE, ROUNDS, INTERVAL_MS, LIVE_TALLIES } = params;
    const sides: Side[] = [];
    const people: Client[][] = [];
    for (let s = 0; s < SESSIONS; s++) {
      const side = sideName === 'product' ? productSide(urls, organiserKey) : baselineSide(urls);
      await side.setup();
      sides.push(side);
      people.push(await joinMany(side, urls, PEOPLE));
    }
    const polls = await Promise.all(sides.map((side) => side.openPoll(4, LIVE_TALLIES === 1)));
    const intended = new Map<string, number>();
    const delivery: number[][] = sides.map(() => []);
    sides.forEach((side, s) => people[s].forEach((c) => side.onBroadcast(c, (text) => { const t = intended.get(text); if (t !== undefined) delivery[s].push(now() - t); })));
    await sleep(1000);
    const before = await sample();
    const slot = INTERVAL_MS / SESSIONS;
    // Broadcasts: session s's round r at r * INTERVAL_MS + s * slot.
    const broadcasts = schedule(ROUNDS * SESSIONS, slot, (k, t) => {
      const s = k % SESSIONS;
      const text = `s${s} r${Math.floor(k / SESSIONS)}`;
      intended.set(text, t);
      return sides[s].broadcast(text);
    });
    // Ballots: every person once, spread over the same rounds, sessions interleaved.
    const acks: number[][] = sides.map(() => []);
    const ballots = schedule(SESSIONS * PEOPLE, (ROUNDS * INTERVAL_MS) / (SESSIONS * PEOPLE), async (k, t) => {
      const s = k % SESSIONS;
      const i = Math.floor(k / SESSIONS);
      const ok = await sides[s].vote(people[s][i], polls[s], i % 4);
      if (ok === true) acks[s].push(now() - t);
      return ok;
    });
    const [sent, voted] = await Promise.all([broadcasts, ballots]);
    const refused = refusals(sides[0], 'broadcast', sent) + refusals(sides[0], 'ballot', voted);
    await until(() => delivery.every((d) => d.length >= PEOPLE * ROUNDS), 15_000);
    const after = await sample();
    const perSessionDelivery = delivery.map((d) => percentile(d, 99));
    const perSessionAck = acks.map((a) => percentile(a, 99));
    for (const side of sides) side.closeAll();
    return {
      sessions: SESSIONS,
      people: SESSIONS * PEOPLE,
      refused,
      delivered: delivery.reduce((a, d) => a + d.length, 0),
      expected: SESSIONS * PEOPLE * ROUNDS,
      ...lat('delivery', delivery.flat()),
      sessionDeliveryP99MedianMs: r1(percentile(perSessionDelivery, 50)),
      sessionDeliveryP99WorstMs: r1(percentile(perSessionDelivery, 100)),
      ...lat('ack', acks.flat()),
      sessionAckP99MedianMs: r1(percentile(perSessionAck, 50)),
      rssKiB: after.rssKiB,
      rssKiBPerPerson: r1(after.rssKiB / (SESSIONS * PEOPLE)),
      redisClients: after.redisClients ?? NaN,
      serverCpuMsPerPerson: r1((after.cpuMs - before.cpuMs) / (SESSIONS * PEOPLE)),
    };
  },

  /** N idle joined participants: server RSS growth per socket. */
  async memory(side, { urls, params }) {
    const { N } = params;
    await sleep(1000);
    // Each sample after a full GC in the servers: what stays alive per socket, not the joins' leftover garbage.
    const before = await sample(true);
    const clients = await joinMany(side, urls, N);
    await sleep(3000);
    const after = await sample(true);
    return {
      sockets: clients.length,
      rssKiBBefore: before.rssKiB,
      rssKiBAfter: after.rssKiB,
      rssKiBPerSocket: r1((after.rssKiB - before.rssKiB) / N),
      heapKiBPerSocket: r1((after.heapKiB! - before.heapKiB!) / N),
    };
  },
};

process.on('message', (m: { type: 'job'; job: Job } | { type: 'sample'; id: number; sample: Sample }) => {
  if (m.type === 'sample') {
    pendingSamples.get(m.id)?.(m.sample);
    pendingSamples.delete(m.id);
    return;
  }
  const { job } = m;
  const side = job.side === 'product' ? productSide(job.urls, job.organiserKey) : baselineSide(job.urls);
  const run = scenarios[job.scenario];
  (async () => {
    if (!run) throw new Error(`unknown scenario ${job.scenario}`);
    await side.setup();
    const metrics = await run(side, job);
    side.closeAll();
    process.send!({ type: 'result', metrics }, () => process.exit(0));
  })().catch((err: Error) => {
    process.send!({ type: 'error', message: String(err?.stack ?? err) }, () => process.exit(1));
  });
});

// Bounded: a load generator never outlives its orchestrator's patience.
setTimeout(() => {
  console.error('loadgen: gave up after LOADGEN_MAX_MS');
  process.exit(2);
}, Number(process.env.LOADGEN_MAX_MS ?? 600_000)).unref();
