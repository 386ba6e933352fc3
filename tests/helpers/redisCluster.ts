import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './redisServer.js';

const run = promisify(execFile);

/** How long the cluster may take to start and agree (`cluster_state:ok`), in ms; ~2 s here. */
const START_TIMEOUT_MS = 20_000;

/**
 * A real Redis Cluster of three masters (no replicas) on free ports, private to the test that starts it. Nodes
 * keep nothing on disk but their cluster config file, in a temporary directory removed by stop().
 * `cluster-require-full-coverage no`: when one master is killed, the others keep serving their slots (what a
 * deployment must configure too, see docker-compose.yml); `cluster-node-timeout` is short so the survivors mark
 * a killed master as failed within a second or two instead of fifteen.
 */
export class RedisCluster {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'dr-cluster-'));
  private readonly procs = new Map<number, ChildProcess>();
  private constructor(readonly ports: number[]) {}

  /** Seed nodes in the form of REDIS_CLUSTER_NODES. */
  get nodes(): string {
    return this.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }

  static async start(masters = 3): Promise<RedisCluster> {
    const ports: number[] = [];
    while (ports.length < masters) {
      const p = await freePort();
      if (!ports.includes(p)) ports.push(p);
    }
    const c = new RedisCluster(ports);
    try {
      await c.boot();
      return c;
    } catch (err) {
      await c.stop();
      throw err;
    }
  }

  private async boot(): Promise<void> {
    for (const port of this.ports) {
      const proc = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', path.join(this.dir, `nodes-${port}.conf`), '--cluster-node-timeout', '1000', '--cluster-require-full-coverage', 'no', '--save', '', '--appendonly', 'no', '--dir', this.dir],
        { stdio: 'ignore' },
      );
      this.procs.set(port, proc);
    }
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (const port of this.ports) await until(deadline, async () => (await cli(port, 'PING')).includes('PONG'));
    await run('redis-cli', ['--cluster', 'create', ...this.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: START_TIMEOUT_MS });
    for (const port of this.ports) await until(deadline, async () => (await cli(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'));
  }

  /** The port of the master that holds a key's slot (by its hash tag). */
  async masterOf(key: string): Promise<number> {
    const slot = Number((await cli(this.ports[0], 'CLUSTER', 'KEYSLOT', key)).trim());
    // CLUSTER SLOTS lines: start, end, ip, port, id, … per range (redis-cli prints one value per line).
    const lines = (await cli(this.alive()[0], 'CLUSTER', 'SLOTS')).split('\n').map((l) => l.trim());
    for (let i = 0; i + 3 < lines.length; i++) {
      const [start, end, ip, port] = lines.slice(i, i + 4);
      if (/^\d+$/.test(start) && /^\d+$/.test(end) && ip === '127.0.0.1' && /^\d+$/.test(port) && slot >= Number(start) && slot <= Number(end)) return Number(port);
    }
    throw new Error(`no master found for slot ${slot}`);
  }

  /** The ports of the masters still running. */
  alive(): number[] {
    return this.ports.filter((p) => this.procs.has(p));
  }

  /** SIGKILL one master: its slots stop answering, the other masters go on. */
  async kill(port: number): Promise<void> {
    const p = this.procs.get(port);
    if (!p) return;
    this.procs.delete(port);
    await new Promise<void>((resolve) => {
      if (p.exitCode !== null || p.signalCode !== null) return resolve();
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    for (const port of [...this.procs.keys()]) await this.kill(port);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 3000 });
  return stdout;
}

async function until(deadline: number, check: () => Promise<boolean>): Promise<void> {
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error('redis cluster did not become ready in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
