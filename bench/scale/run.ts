/**
 * Scale benchmarks of issue 20: Dialogue Room against a raw Socket.IO baseline (bench/baseline/server.ts),
 * both on a Redis of their own started on a free port, all on 127.0.0.1.
 *
 *   npm run bench:scale -- <fanout|ballots|breakout|joins|memory|all>
 *
 * For every instance count of the scenario and every pair, both sides run once on fresh server processes
 * and a flushed Redis, in alternating order (product first in even pairs, baseline first in odd ones), each
 * driven by a load generator in its own process (loadgen.ts). Prints every run, then per metric the median
 * of each side and the median of the per-pair ratios product / baseline.
 *
 * Env: PAIRS (5), INSTANCES (e.g. "1,2"; default per scenario), and per scenario:
 *   fanout   N (1000) sockets, ROUNDS (10), INTERVAL_MS (1000)
 *   ballots  BALLOTS (5000) within SPAN_MS (1000), OBSERVERS (4), OPTIONS (4)        [2 instances]
 *   breakout ROOMS (20) × PER_GROUP (5), CHAT_HZ (0.5 per person: the product's chat flood limit is 5 messages per 10 s per person), SECONDS (10)      [1 instance]
 *   joins    JOINS (2000) within SPAN_S (10), TIMEOUT_MS (30000)
 *   memory   N (1000) idle participants
 *   sessions SESSIONS (100) × PEOPLE (100), ROUNDS (5) broadcasts and one poll each, every INTERVAL_MS (2000),
 *            staggered; run once with SESSIONS=1 and once with SESSIONS                                 [2 instances]
 *            LIVE_TALLIES (0): 1 shows the product's live tally to every phone (the baseline sends phones none)
 *   REDIS=cluster: the product on a three-master Redis Cluster started for the run (the baseline on one Redis).
 *   SNAPSHOT_BYTES (2048): size of the baseline's first message.  BENCH_MAX_MINUTES (60): hard stop.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { OwnRedis } from '../../tests/helpers/redisServer.js';
import { RedisCluster } from '../../tests/helpers/redisCluster.js';
import { median } from './stats.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const env = (k: string, d: number) => (process.env[k] !== undefined && process.env[k] !== '' ? Number(process.env[k]) : d);

interface ScenarioDef {
  instances: number[];
  params: () => Record<string, number>;
  /** Parameter overrides run one after the other for each instance count (default: one run with the params). */
  variants?: () => Array<Record<string, number>>;
}
const SCENARIOS: Record<string, ScenarioDef> = {
  fanout: { instances: [1, 2], params: () => ({ N: env('N', 1000), ROUNDS: env('ROUNDS', 10), INTERVAL_MS: env('INTERVAL_MS', 1000) }) },
  ballots: { instances: [2], params: () => ({ BALLOTS: env('BALLOTS', 5000), SPAN_MS: env('SPAN_MS', 1000), OBSERVERS: env('OBSERVERS', 4), OPTIONS: env('OPTIONS', 4) }) },
  breakout: { instances: [1], params: () => ({ ROOMS: env('ROOMS', 20), PER_GROUP: env('PER_GROUP', 5), CHAT_HZ: env('CHAT_HZ', 0.5), SECONDS: env('SECONDS', 10) }) },
  joins: { instances: [1, 2], params: () => ({ JOINS: env('JOINS', 2000), SPAN_S: env('SPAN_S', 10), TIMEOUT_MS: env('TIMEOUT_MS', 30_000) }) },
  memory: { instances: [1], params: () => ({ N: env('N', 1000) }) },
  sessions: {
    instances: [2],
    params: () => ({ SESSIONS: env('SESSIONS', 100), PEOPLE: env('PEOPLE', 100), ROUNDS: env('ROUNDS', 5), INTERVAL_MS: env('INTERVAL_MS', 2000), LIVE_TALLIES: env('LIVE_TALLIES', 0) }),
    // One session alone, then SESSIONS of them: the per-session figures of the two runs are compared.
    variants: (): Array<Record<string, number>> => [{ SESSIONS: 1 }, {}],
  },
};

/** Secrets shared by the product instances of a run (any values: they only have to agree). */
const ORGANISER_KEY = 'scale-bench-organiser-key-0123456789';
const TOKEN_SECRET = 'scale-bench-token-secret-0123456789-0123456789';

/** Limits of the product raised for a load test from one address (the limits themselves are not measured). */
const PRODUCT_ENV = {
  JOINS_PER_MINUTE: '1000000',
  MAX_CONNECTIONS_PER_ADDRESS: '1000000',
  OBSERVERS_PER_ADDRESS_PER_HOUR: '100000',
  COMMANDS_PER_SECOND: '1000',
  COMMAND_BURST: '1000',
};

/** Every process this run started, killed on any exit (a hard stop included). */
const live = new Set<number>();
process.on('exit', () => {
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

interface Server {
  url: string;
  pid: number;
  kill(): Promise<void>;
  /** Full GC in the server process, then its heap in use (bytes). */
  collect(): Promise<number>;
}

function killer(child: ChildProcess) {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      if (!process.env.CPU_PROF) return void child.kill('SIGKILL');
      // A profile is only written on a clean exit: ask first, force after a while.
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    });
}

/**
 * Starts a server script as a real OS process (as tests/helpers/processServer.ts does, with a longer start
 * allowance: on the shared machine a cold `tsx` start can take over 20 s) and waits for "running at <url>".
 */
async function startServerProcess(script: string, extraEnv: Record<string, string>): Promise<Server> {
  // --expose-gc and the preload only answer the memory scenario's SIGUSR2 (a full GC, then the heap on stdout).
  // CPU_PROF=<dir>: every server process writes a V8 CPU profile there on exit (summarise with bench/scale/profileTop.ts).
  const prof = process.env.CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.CPU_PROF)] : [];
  const child = spawn(process.execPath, [...prof, '--expose-gc', '--import', 'tsx', '--import', path.join(HERE, 'gcOnSignal.mjs'), script], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DEMO: '0', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child.pid!);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start: ${out}`)), env('STARTUP_MS', 120_000));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}): ${out}`)));
  }).catch(async (err) => {
    await killer(child)();
    throw err;
  });
  return { url, pid: child.pid!, kill: killer(child), collect: () => collectGarbage(child) };
}

/** Asks a server started with gcOnSignal.mjs for a full GC and reads the heap it reports (NaN after 10 s). */
function collectGarbage(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    let out = '';
    const done = (v: number) => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(v);
    };
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /bench-gc heapUsed=(\d+)/.exec(out);
      if (m) done(Number(m[1]));
    };
    const timer = setTimeout(() => done(NaN), 10_000);
    child.stdout!.on('data', onData);
    child.kill('SIGUSR2');
  });
}

const startBaseline = (redisUrl: string) => startServerProcess(path.join(HERE, '../baseline/server.ts'), { REDIS_URL: redisUrl });

/** REDIS=cluster: the product runs on a three-master Redis Cluster started for the run (the baseline stays on one Redis). */
let cluster: RedisCluster | null = null;
const clusterUrls = () => cluster!.ports.map((p) => `redis://127.0.0.1:${p}`);

const startProduct = (redisUrl: string, i: number) =>
  startServerProcess('server/main.ts', {
    ...PRODUCT_ENV,
    ...(cluster ? { REDIS_CLUSTER_NODES: cluster.nodes } : { REDIS_URL: redisUrl }),
    TOKEN_SECRET,
    ORGANISER_KEY,
    INSTANCE_ID: `bench-${process.pid}-${i}-${Date.now().toString(36)}`,
  });

const TICK_MS = 1000 / 100; // USER_HZ: Linux reports utime/stime in 1/100 s
/** CPU (user + system) and RSS of a process, from /proc. */
function procSample(pid: number): { cpuMs: number; rssKiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = (Number(f[11]) + Number(f[12])) * TICK_MS; // fields 14 and 15 of the full line
  const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuMs, rssKiB: rss ? Number(rss[1]) : NaN };
}

type Metrics = Record<string, number>;

/** Connections the bench's Redis holds, less the one asking. */
async function redisClientCount(url: string): Promise<number> {
  const r = new Redis(url);
  try {
    return Number(/connected_clients:(\d+)/.exec(await r.info('clients'))?.[1] ?? NaN) - 1;
  } finally {
    r.disconnect();
  }
}

async function runOnce(scenario: string, side: 'product' | 'baseline', instances: number, redis: OwnRedis, params: Record<string, number>): Promise<Metrics> {
  for (const url of [redis.url, ...(cluster ? clusterUrls() : [])]) {
    const flush = new Redis(url);
    await flush.flushall();
    flush.disconnect();
  }
  const servers: Server[] = [];
  try {
    for (let i = 0; i < instances; i++) servers.push(side === 'product' ? await startProduct(redis.url, i) : await startBaseline(redis.url));
    const gen = fork(path.join(HERE, 'loadgen.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    live.add(gen.pid!);
    try {
      return await new Promise<Metrics>((resolve, reject) => {
        gen.on('message', async (m: { type: string; id?: number; gc?: boolean; metrics?: Metrics; message?: string }) => {
          if (m.type === 'sample') {
            // Only the memory scenario asks for a collection first (it costs CPU the others measure).
            const heaps = m.gc ? await Promise.all(servers.map((s) => s.collect())) : [];
            const on = side === 'product' && cluster ? clusterUrls() : [redis.url];
            const redisClients = (await Promise.all(on.map(redisClientCount))).reduce((a, b) => a + b, 0);
            const ss = servers.map((s) => {
              try {
                return procSample(s.pid);
              } catch {
                return { cpuMs: NaN, rssKiB: NaN }; // the server died: the figures say so
              }
            });
            const heapKiB = m.gc ? heaps.reduce((a, h) => a + h, 0) / 1024 : undefined;
            gen.send({ type: 'sample', id: m.id, sample: { cpuMs: ss.reduce((a, s) => a + s.cpuMs, 0), rssKiB: ss.reduce((a, s) => a + s.rssKiB, 0), heapKiB, redisClients } });
          } else if (m.type === 'result') resolve(m.metrics!);
          else if (m.type === 'error') reject(new Error(m.message));
        });
        gen.once('exit', (code) => reject(new Error(`load generator exited (${code}) without a result`)));
        gen.send({ type: 'job', job: { scenario, side, urls: servers.map((s) => s.url), organiserKey: ORGANISER_KEY, params } });
      });
    } finally {
      await killer(gen)();
    }
  } finally {
    await Promise.all(servers.map((s) => s.kill()));
  }
}

const fmt = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1000) / 1000) : '—');

function summarise(title: string, pairs: Array<{ product: Metrics | null; baseline: Metrics | null }>) {
  const keys = [...new Set(pairs.flatMap((p) => [...Object.keys(p.product ?? {}), ...Object.keys(p.baseline ?? {})]))];
  const rows = keys.map((k) => {
    const prod = pairs.map((p) => p.product?.[k]).filter((x): x is number => typeof x === 'number');
    const base = pairs.map((p) => p.baseline?.[k]).filter((x): x is number => typeof x === 'number');
    const ratios = pairs.filter((p) => p.product && p.baseline && p.baseline[k] > 0).map((p) => p.product![k] / p.baseline![k]);
    return `| ${k} | ${fmt(median(prod))} | ${fmt(median(base))} | ${fmt(median(ratios))} |`;
  });
  console.log(`\n### ${title}\n| metric | product (median) | baseline (median) | median pair ratio |\n|---|---|---|---|\n${rows.join('\n')}`);
}

async function main() {
  const which = process.argv[2] ?? '';
  const names = which === 'all' ? Object.keys(SCENARIOS) : [which];
  if (!names.every((n) => SCENARIOS[n])) {
    console.error(`usage: npm run bench:scale -- <${Object.keys(SCENARIOS).join('|')}|all>`);
    process.exit(2);
  }
  const PAIRS = env('PAIRS', 5);
  const redis = await OwnRedis.start();
  process.on('exit', () => void redis.kill());
  if (process.env.REDIS === 'cluster') cluster = await RedisCluster.start();
  console.log(`scale bench: ${names.join(', ')}; ${PAIRS} pair(s); ${os.cpus().length} cores; load average at start ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; redis ${redis.url}${cluster ? `; product on the cluster ${cluster.nodes}` : ''}`);
  try {
    for (const name of names) {
      const def = SCENARIOS[name];
      const instances = process.env.INSTANCES ? process.env.INSTANCES.split(',').map(Number) : def.instances;
      for (const n of instances)
        for (const variant of def.variants?.() ?? [{}]) {
        const params = { ...def.params(), ...variant };
        const pairs: Array<{ product: Metrics | null; baseline: Metrics | null }> = [];
        for (let p = 0; p < PAIRS; p++) {
          const order: Array<'product' | 'baseline'> = p % 2 === 0 ? ['product', 'baseline'] : ['baseline', 'product'];
          const pair: { product: Metrics | null; baseline: Metrics | null } = { product: null, baseline: null };
          for (const side of order) {
            const t = Date.now();
            try {
              pair[side] = await runOnce(name, side, n, redis, params);
              console.log(`${name} ×${n} pair ${p + 1} ${side.padEnd(8)} (${((Date.now() - t) / 1000).toFixed(1)} s, load ${os.loadavg()[0].toFixed(2)}): ${JSON.stringify(pair[side])}`);
            } catch (err) {
              console.log(`${name} ×${n} pair ${p + 1} ${side.padEnd(8)} FAILED: ${String((err as Error).message).slice(0, 500)}`);
            }
          }
          pairs.push(pair);
        }
        summarise(`${name}, ${n} instance(s), ${JSON.stringify(params)}, load average now ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`, pairs);
      }
    }
  } finally {
    await redis.stop();
    await cluster?.stop();
  }
}

const hardStop = setTimeout(() => {
  console.error('scale bench: BENCH_MAX_MINUTES reached, stopping');
  process.exit(3);
}, env('BENCH_MAX_MINUTES', 60) * 60_000);

main().then(
  () => {
    clearTimeout(hardStop);
    process.exit(0);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
