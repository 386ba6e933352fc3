/**
 * Bench-only preload (never loaded by the product outside bench/scale/run.ts): started with `--expose-gc`, a
 * server process answers SIGUSR2 with a full garbage collection, then prints its heap and RSS on one line.
 * The memory scenario asks for it before each sample, so "memory per socket" is what stays alive, not how
 * much garbage the joins happened to leave behind (RSS growth without it varied 2x between pairs).
 */
process.on('SIGUSR2', () => {
  if (typeof globalThis.gc !== 'function') return;
  globalThis.gc();
  globalThis.gc(); // a second pass frees what the first one's finalizers released
  const m = process.memoryUsage();
  process.stdout.write(`bench-gc heapUsed=${m.heapUsed} rss=${m.rss}\n`);
});
