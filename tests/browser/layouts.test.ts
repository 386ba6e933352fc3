import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createSession, joinSession, observerToken, projectorToken, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { horizontalOverflow, launchBrowser, openIn, screenshot, waitConnected, consoleSection } from '../helpers/browser.js';

const TABLET = { width: 768, height: 1024 };
const LAPTOP = { width: 1280, height: 800 };
const WALL = { width: 1920, height: 1080 };

/**
 * Staff views work on a laptop and on a tablet (no sideways scrolling, every control reachable), and the
 * projector fills a wall screen legibly from the back of a hall: big type for the part, countdown, speaker
 * and join code, and the join QR code large enough to scan from a seat.
 */
describe('staff views on a tablet and a laptop, the projector on a wall screen', () => {
  let server: TestServer;
  let browser: Browser;
  let session: Awaited<ReturnType<typeof createSession>>;
  let moderator: TestClient;
  let hand: TestClient;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    session = await createSession(server, { title: 'Our digital future', agenda: [{ title: 'Welcome and the day ahead', minutes: 15, room: 'plenary' }] });
    moderator = new TestClient(server.url, session.onsiteModeratorToken);
    await moderator.ready();
    const people = await Promise.all(['Amira', 'Bruno', 'Chen', 'Dana'].map((n, i) => joinSession(server, session.joinCode, n, i % 2 ? 'online' : 'onsite')));
    expect((await moderator.request('agenda:start', {})).ok).toBe(true);
    hand = new TestClient(server.url, people[0].token);
    await hand.ready();
    expect((await hand.request('queue:raise', {})).ok).toBe(true);
    expect((await moderator.request('queue:add', { roomId: 'plenary', name: 'Elena' })).ok).toBe(true);
    expect((await moderator.request('queue:next', { roomId: 'plenary', seconds: 180 })).ok).toBe(true);
  });
  afterAll(async () => {
    moderator?.close();
    hand?.close();
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  async function open(viewport: { width: number; height: number }, path: string, touch = false): Promise<Page> {
    const page = await openIn(contexts, browser.newContext({ viewport, hasTouch: touch, locale: 'en-GB' }), `${server.url}${path}`);
    await waitConnected(page);
    return page;
  }

  /** Visible buttons and fields that stick out of the viewport sideways (unreachable without scrolling). */
  const offscreenControls = (page: Page) =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href]'))
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && (r.right > document.documentElement.clientWidth + 1 || r.left < -1);
        })
        .map((el) => `${el.tagName.toLowerCase()} ${el.textContent?.trim().slice(0, 30) ?? ''}`),
    );

  for (const [device, viewport] of [['tablet', TABLET], ['laptop', LAPTOP]] as const) {
    it(`[L1] the moderator console fits a ${device} (${viewport.width} px): no sideways scrolling, every control on screen`, async () => {
      const page = await open(viewport, `/moderator#token=${session.onsiteModeratorToken}`, device === 'tablet');
      // The console is a dashboard (issue 17): every section, one at a time, fits sideways with all its controls.
      await consoleSection(page, 'people');
      await page.locator('[data-testid=roster] li').nth(4).waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await offscreenControls(page)).toEqual([]);
      for (const section of ['polls', 'rooms', 'queue', 'bridge', 'now'] as const) {
        await consoleSection(page, section);
        expect(await horizontalOverflow(page), section).toBeLessThanOrEqual(0);
        expect(await offscreenControls(page), section).toEqual([]);
      }
      await page.locator('[data-testid=join-qr] svg').waitFor();
      await screenshot(page, `layout-moderator-${device}`);
    });

    it(`[L2] the observer view fits a ${device} (${viewport.width} px)`, async () => {
      const { token } = await observerToken(server, session.observerUrl, 'Olga', 'press');
      const page = await open(viewport, `/observer#token=${token}`, device === 'tablet');
      await page.locator('[data-testid=roster] li').nth(4).waitFor();
      await screenshot(page, `layout-observer-${device}`);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      expect(await offscreenControls(page)).toEqual([]);
    });
  }

  it('[L3] the projector on a 1920 × 1080 wall screen: large part, countdown, speaker and join code, a QR code to scan from a seat', async () => {
    const page = await open(WALL, `/projector#token=${projectorToken(session.projectorUrl)}`);
    await page.locator('[data-testid=join-qr] svg').waitFor();
    await page.locator('.projector-part').waitFor();
    await screenshot(page, 'layout-projector-wall');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    const fontPx = (selector: string) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const textOf = (selector: string) => page.locator(selector).first().textContent();
    expect(await textOf('.projector-part')).toContain('Welcome and the day ahead');
    expect(await textOf('.projector-speaker')).toContain('Amira');
    expect(await textOf('.projector-speaker')).toContain('Elena'); // next in the queue
    // Legible from the back of a hall: at least 40 px type (about 3 % of the screen height) for what people read.
    expect(await fontPx('.projector-part')).toBeGreaterThanOrEqual(40);
    expect(await fontPx('[data-testid=join-code]')).toBeGreaterThanOrEqual(40);
    expect(await fontPx('.projector-speaker .speaker-now p')).toBeGreaterThanOrEqual(40);
    expect(await fontPx('.projector-speaker .queue-mark')).toBeGreaterThanOrEqual(20); // "in the hall", "first time"
    const qr = await page.locator('[data-testid=join-qr] svg').boundingBox();
    expect(qr!.width).toBeGreaterThanOrEqual(300);
  });
});
