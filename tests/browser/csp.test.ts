import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createSession, startServer, type TestServer } from '../helpers/servers.js';
import { joinAsParticipant, laptopContext, launchBrowser, phoneContext, waitConnected } from '../helpers/browser.js';

/**
 * The Content-Security-Policy fits the built client (run `npm run build` first): every view loads, connects
 * its WebSocket and renders the join QR code with no CSP violation reported by the browser, while the policy
 * really is enforced (an inline script is refused).
 */
describe('[E6] the CSP breaks no view of the built client', () => {
  let server: TestServer;
  let browser: Browser;
  let session: Awaited<ReturnType<typeof createSession>>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    session = await createSession(server, { title: 'CSP dialogue' });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  /** Opens a page that records every CSP violation (the DOM event and the console message). */
  async function open(context: Promise<BrowserContext>, path: string): Promise<{ page: Page; violations: string[] }> {
    const ctx = await context;
    contexts.push(ctx);
    const page = await ctx.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
    });
    await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __cspViolation(v: string): void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    await page.goto(`${server.url}${path}`);
    return { page, violations };
  }

  it('join page and participant view on a phone', async () => {
    const { page, violations } = await open(phoneContext(browser), `/join/${session.joinCode}`);
    // The join page inlines the app's stylesheet (hash-allowed, issue 21): the styles apply, nothing is blocked.
    expect(await page.evaluate(() => document.querySelectorAll('link[rel=stylesheet], style').length)).toBeGreaterThan(0);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('button.primary')!).backgroundColor)).toBe('rgb(29, 53, 87)');
    await joinAsParticipant(page, { name: 'Carla' });
    expect(violations).toEqual([]);
  });

  it('moderator console and projector, with the join QR code', async () => {
    for (const [path, name] of [
      [`/moderator#token=${session.onsiteModeratorToken}`, 'moderator'],
      [new URL(session.projectorUrl).pathname + new URL(session.projectorUrl).hash, 'projector'],
    ] as const) {
      const { page, violations } = await open(laptopContext(browser), path);
      await waitConnected(page);
      await page.locator('[data-testid=join-qr] svg').first().waitFor({ timeout: 15_000 });
      // Styles from the stylesheet apply (not blocked): the QR box has the size React set through the CSSOM.
      const box = await page.locator('[data-testid=join-qr] .qr-img').first().boundingBox();
      expect(box?.width, name).toBeGreaterThan(100);
      expect(violations, name).toEqual([]);
    }
  });

  it('the policy is enforced: an inline script is refused and reported', async () => {
    const { page, violations } = await open(phoneContext(browser), `/join/${session.joinCode}`);
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
    });
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
  });
});
