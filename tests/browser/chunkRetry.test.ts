import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { laptopContext, launchBrowser, phoneContext, waitConnected } from '../helpers/browser.js';

/**
 * Code-split parts (the worksheet with yjs, the staff views) download after the first screen. On a poor link
 * that download can fail; found when a link cut in a test landed during it and blanked the whole moderator
 * console. The import is retried instead: the view stays up and the part appears once it loads.
 */
describe('a code-split part that fails to download', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let session: Awaited<ReturnType<typeof createSession>>;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    session = await createSession(server);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('is retried: the phone keeps its view and the worksheet appears after three failed downloads', async () => {
    const { token } = await joinSession(server, session.joinCode, 'Rosa', 'online');
    context = await phoneContext(browser);
    const page = await context.newPage();
    let refused = 0;
    let served = 0;
    await page.route(/\/assets\/Worksheet-[^/]+\.js$/, async (route) => {
      if (refused < 3) {
        refused++;
        await route.abort('connectionreset');
      } else {
        served++;
        await route.continue();
      }
    });
    await page.goto(`${server.url}/p#token=${token}`);
    await waitConnected(page);
    await expect.poll(() => page.getByLabel('Our hopes').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(refused).toBe(3);
    expect(served).toBe(1);
    // The rest of the view never went away.
    expect(await page.locator('[data-testid=connection]').getAttribute('data-status')).toBe('connected');
    await context.close();
    context = undefined;
  });

  it('is retried for a whole view: the moderator console loads after its download failed twice', async () => {
    context = await laptopContext(browser);
    const page = await context.newPage();
    let refused = 0;
    await page.route(/\/assets\/ModeratorConsole-[^/]+\.js$/, async (route) => {
      if (refused < 2) {
        refused++;
        await route.abort('connectionreset');
      } else await route.continue();
    });
    await page.goto(`${server.url}/moderator#token=${session.onsiteModeratorToken}`);
    // The roster is rendered (in the console's People section, attached while another section is open).
    await page.locator('[data-testid=roster]').waitFor({ state: 'attached', timeout: 15_000 });
    expect(refused).toBe(2);
    await context.close();
    context = undefined;
  });
});
