import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startServer, type TestServer } from './servers.js';
import type { TestClient } from './clients.js';
import { launchBrowser } from './browser.js';

export interface BrowserSuite {
  server: TestServer;
  browser: Browser;
  /** Browser contexts and test clients pushed here are closed after the suite. */
  contexts: BrowserContext[];
  clients: TestClient[];
}

/** One server and one Chromium for a describe block, both closed after it with every context and client it collected. */
export function browserSuite(opts: Parameters<typeof startServer>[0] = {}): BrowserSuite {
  const suite = { contexts: [], clients: [] } as unknown as BrowserSuite;
  beforeAll(async () => {
    [suite.server, suite.browser] = await Promise.all([startServer(opts), launchBrowser()]);
  });
  afterAll(async () => {
    for (const c of suite.clients) c.close();
    for (const c of suite.contexts) await c.close();
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
