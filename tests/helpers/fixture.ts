import { afterAll, beforeAll } from 'vitest';
import { TestClient } from './clients.js';
import { startCluster, type TestServer } from './servers.js';

/**
 * Starts servers before the file's tests and closes them (and every client opened through `client()`)
 * after: one line per test file instead of the same hooks in each.
 */
export function useServers(start: () => Promise<TestServer[]> = () => startCluster(2)) {
  const ctx = {
    servers: [] as TestServer[],
    clients: [] as TestClient[],
    client(url: string, token: string) {
      const c = new TestClient(url, token);
      ctx.clients.push(c);
      return c;
    },
  };
  beforeAll(async () => {
    ctx.servers = await start();
  });
  afterAll(async () => {
    for (const c of ctx.clients) c.close();
    await Promise.all(ctx.servers.map((s) => s.close()));
  });
  return ctx;
}
