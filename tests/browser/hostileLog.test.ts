import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import { MemoryStore } from '../../server/store/memoryStore.js';
import { laptopContext, launchBrowser, me, openIn, phoneContext, screenshot, waitConnected } from '../helpers/browser.js';
import { startServer, type TestServer } from '../helpers/servers.js';

/**
 * [GB] The browser applies the same events as the server: before issue 13 was fixed, a log holding an event with
 * a prototype-named id kept every phone at "Connecting…". With the golden hostile log (built client, real
 * Chromium): the participant's page connects and shows what came after the broken events; the moderators'
 * console connects and shows the notice of the skipped events. Needs `npm run build` first.
 */
describe('[GB] pages load a session whose log holds hostile ids and broken events', () => {
  const golden = JSON.parse(readFileSync(path.join(__dirname, '..', 'golden', 'hostile-ids.json'), 'utf8')) as { sessionId: string; events: StoredEvent[] };
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const store = new MemoryStore();
    for (const e of golden.events) await store.append(golden.sessionId, e.seq - 1, [{ type: e.type, data: e.data, audience: e.audience }], { at: e.at, by: e.by });
    [server, browser] = await Promise.all([startServer({ redisUrl: null, store }), launchBrowser()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  const token = (personId: string, role: 'moderator' | 'participant') => server.app.signer.personToken(golden.sessionId, personId, role);

  it('[GB1] a participant\'s phone connects, shows the events after the broken ones, and no notice', async () => {
    const page = await openIn(contexts, phoneContext(browser), `${server.url}/p#token=${token('p_goldenBea', 'participant')}`);
    await waitConnected(page);
    expect((await me(page)).name).toBe('Beatrice');
    await expect.poll(() => page.locator('body').textContent()).toContain('Still here');
    expect(await page.locator('[data-testid=damaged-notice]').count()).toBe(0);
    await screenshot(page, 'hostile-log-participant');
  });

  it('[GB2] the moderators\' console connects and names the skipped events', async () => {
    const modId = (golden.events[0].data as { moderators: Array<{ id: string }> }).moderators[0].id;
    const page = await openIn(contexts, laptopContext(browser), `${server.url}/moderator#token=${token(modId, 'moderator')}`);
    await waitConnected(page);
    const notice = page.locator('[data-testid=damaged-notice]');
    await notice.waitFor();
    const text = await notice.textContent();
    expect(text).toContain('#19 person:joined');
    expect(text).toContain('#20 rooms:planned');
    await screenshot(page, 'hostile-log-moderator');
  });
});
