/**
 * Runs test files on a real three-master Redis Cluster started here (issue 20), instead of the shared Redis:
 *   npm run test:cluster                       (every tests/integration/*.multiInstance.test.ts)
 *   npm run test:cluster -- tests/integration/queue.multiInstance.test.ts
 * The cluster (tests/helpers/redisCluster.ts) is passed as TEST_REDIS_CLUSTER_NODES, which `startCluster` uses;
 * it is stopped and its directory removed when vitest ends, whatever the outcome.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { RedisCluster } from '../tests/helpers/redisCluster.js';

const files = process.argv.slice(2);
const targets = files.length
  ? files
  : readdirSync('tests/integration')
      .filter((f) => f.endsWith('.multiInstance.test.ts'))
      .map((f) => `tests/integration/${f}`);

async function main(): Promise<number> {
  const cluster = await RedisCluster.start();
  console.log(`Redis Cluster on ${cluster.nodes}`);
  try {
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...targets], {
      stdio: 'inherit',
      env: { ...process.env, TEST_REDIS_CLUSTER_NODES: cluster.nodes },
    });
    const stop = () => child.kill('SIGTERM');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return await new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  } finally {
    await cluster.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
