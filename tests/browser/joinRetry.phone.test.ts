import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, me, openIn, phoneContext, startProduct, waitConnected, type Product } from '../helpers/browser.js';
import { TestClient } from '../helpers/clients.js';

/**
 * Run `npm run build` first. The product as `npm start` runs it (embedded store in a temporary DATA_DIR),
 * a phone in Chromium whose first join reaches the server but whose answer is lost on the way back.
 */
describe('[JB] a phone taps Join again after the answer was lost: one person', () => {
  let product: Product;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const c of contexts) await c.close();
    await browser?.close();
    await product?.stop();
  });

  it('[JB1] the second tap sends the same joinId and becomes the person the first tap added', async () => {
    const moderator = new TestClient(product.url, new URL(product.links.onsiteModerator).hash.replace('#token=', ''));
    clients.push(moderator);
    await moderator.ready();
    const page = await openIn(contexts, phoneContext(browser), product.joinUrl);

    const joinIds: string[] = [];
    let served = 0;
    await page.route('**/api/join', async (route) => {
      joinIds.push((route.request().postDataJSON() as { joinId: string }).joinId);
      if (joinIds.length === 1) {
        // The server gets the join and answers; the phone never sees the answer (a dropped link).
        const answer = await route.fetch();
        served = answer.status();
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });

    await page.locator('input[name=name]').fill('Tap Twice');
    await page.locator('input[name=modality][value=online]').tap();
    await page.locator('button[type=submit]').tap();
    await page.getByTestId('join-error').waitFor();
    expect(served).toBe(200);
    await moderator.until((s) => Object.values(s.people).some((p) => p.name === 'Tap Twice'), 10_000);

    await page.locator('button[type=submit]').tap();
    await page.waitForURL(/\/p$/);
    await waitConnected(page);

    expect(joinIds).toHaveLength(2);
    expect(joinIds[0]).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(joinIds[1]).toBe(joinIds[0]);
    const added = Object.values(moderator.state!.people).filter((p) => p.name === 'Tap Twice');
    expect(added).toHaveLength(1);
    expect((await me(page)).personId).toBe(added[0].id);
    // Answered: the id is forgotten, so someone else joining on this phone later is a new person.
    expect(await page.evaluate(() => localStorage.getItem('dr:pendingJoin'))).toBeNull();
  }, 60_000);
});
