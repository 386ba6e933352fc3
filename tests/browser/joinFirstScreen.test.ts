import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { createSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { describeViolations, horizontalOverflow, launchBrowser, screenshot, seriousAxeViolations, smallTouchTargets, waitConnected } from '../helpers/browser.js';

/**
 * Issue 21 (run `npm run build` first): the join page is written by the server, so it shows and takes typing
 * before its script arrives, works as a plain form without any script, and the app adopts what was typed.
 */
describe('[JF] the join page shows and works before its script arrives', () => {
  let server: TestServer;
  let browser: Browser;
  let session: Awaited<ReturnType<typeof createSession>>;
  let moderator: TestClient;
  const contexts: BrowserContext[] = [];
  const TITLE = 'Dialogue on the river banks';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    session = await createSession(server, { title: TITLE, languages: ['en', 'ar'], hotline: '+33 1 23 45 67 89' });
    moderator = new TestClient(server.url, session.onsiteModeratorToken);
    await moderator.ready();
  }, 60_000);
  afterAll(async () => {
    moderator?.close();
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  async function phone(opts: { locale?: string; js?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const viewport = opts.viewport ?? { width: 360, height: 640 };
    const small = viewport.width < 700;
    const ctx = await browser.newContext({ viewport, isMobile: small, hasTouch: small, deviceScaleFactor: 1, locale: opts.locale ?? 'en-GB', javaScriptEnabled: opts.js ?? true });
    contexts.push(ctx);
    return ctx.newPage();
  }

  /** Holds the app's script back until `release()`: the page is what the server wrote, as on a slow link. */
  async function holdScript(page: Page): Promise<{ release(): void; held: Promise<void> }> {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let markHeld!: () => void;
    const held = new Promise<void>((r) => (markHeld = r));
    await page.route(/\/assets\/.*\.js$/, async (route: Route) => {
      markHeld();
      await released;
      await route.continue();
    });
    return { release, held };
  }

  const people = (name: string) => Object.values(moderator.state!.people).filter((p) => p.name === name);

  it('[JF1] without JavaScript, /join/CODE is the form with the title and labels, in English and in Arabic (rtl)', async () => {
    const en = await phone({ js: false });
    await en.goto(`${server.url}/join/${session.joinCode}`);
    expect(await en.locator('html').getAttribute('lang')).toBe('en');
    expect(await en.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await en.locator('.top .title').textContent()).toBe(TITLE);
    expect(await en.getByLabel('Join code').inputValue()).toBe(session.joinCode);
    await expect(en.getByLabel('Your name').isVisible()).resolves.toBe(true);
    await expect(en.getByRole('radio', { name: 'In the room' }).isVisible()).resolves.toBe(true);
    await expect(en.getByRole('radio', { name: 'Online' }).isVisible()).resolves.toBe(true);
    await expect(en.getByRole('checkbox', { name: /Name me in the written report/ }).isVisible()).resolves.toBe(true);
    expect(await en.getByTestId('privacy-notice').textContent()).toContain('Who sees your name: the moderators');
    expect(await en.getByTestId('hotline').textContent()).toContain("Can't connect? Call +33 1 23 45 67 89");
    await screenshot(en, 'join-nojs-en-phone');

    const ar = await phone({ js: false, locale: 'ar' });
    await ar.goto(`${server.url}/join/${session.joinCode}`);
    expect(await ar.locator('html').getAttribute('lang')).toBe('ar');
    expect(await ar.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await ar.locator('.top .title').textContent()).toBe(TITLE);
    await expect(ar.getByLabel('رمز الانضمام').isVisible()).resolves.toBe(true);
    await expect(ar.getByRole('button', { name: 'انضم' }).isVisible()).resolves.toBe(true);
    await screenshot(ar, 'join-nojs-ar-phone');
  }, 60_000);

  it('[JF2] text typed before the script arrives is still there after it took over, and the join works', async () => {
    const page = await phone();
    const script = await holdScript(page);
    await page.goto(`${server.url}/join/${session.joinCode}`, { waitUntil: 'commit' });
    await page.locator('input[name=name]').waitFor();
    await script.held;
    await page.locator('input[name=modality][value=onsite]').tap();
    await page.locator('input[name=table]').fill('7');
    await page.locator('input[name=nameInReport]').check();
    await page.locator('input[name=name]').fill('Amira Before');
    await screenshot(page, 'join-before-script-phone');
    expect(await page.evaluate(() => document.documentElement.dataset.app ?? null)).toBeNull();

    script.release();
    await page.locator('html[data-app=live]').waitFor({ timeout: 30_000 });
    expect(await page.locator('input[name=name]').inputValue()).toBe('Amira Before');
    expect(await page.locator('input[name=modality][value=onsite]').isChecked()).toBe(true);
    expect(await page.locator('input[name=table]').inputValue()).toBe('7');
    expect(await page.locator('input[name=nameInReport]').isChecked()).toBe(true);
    expect(await page.locator('.top .title').textContent()).toBe(TITLE);
    // The page inlined only its own rules; the app applied its whole stylesheet before it rendered.
    expect(await page.evaluate(() => !!document.querySelector<HTMLLinkElement>('link[data-app-css]')?.sheet)).toBe(true);
    expect(await page.evaluate(() => (document.head.querySelector('style')?.textContent ?? '').length)).toBeLessThan(6000);
    // The keyboard stayed in the name field, caret at its end: typing goes on where it was.
    await page.keyboard.type(' Ok');
    expect(await page.locator('input[name=name]').inputValue()).toBe('Amira Before Ok');
    await screenshot(page, 'join-after-script-phone');

    await page.locator('button[type=submit]').tap();
    await page.waitForURL(/\/p$/);
    await waitConnected(page);
    await moderator.until(() => people('Amira Before Ok').length === 1, 10_000);
    const [p] = people('Amira Before Ok');
    expect(p.modality).toBe('onsite');
    expect(p.table).toBe('7');
    expect(p.nameInReport).toBe(true);
  }, 60_000);

  it('[JF3] without JavaScript the form post joins, and a second post of the same form is the same person', async () => {
    const page = await phone({ js: false });
    await page.goto(`${server.url}/join/${session.joinCode}`);
    await page.locator('input[name=name]').fill('Posted Twice');
    await page.locator('input[name=modality][value=online]').tap();
    const joinId = await page.locator('input[name=joinId]').inputValue();
    expect(joinId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    await page.locator('.join-form button[type=submit]').tap();
    await page.getByTestId('joined').waitFor();
    expect(await page.getByTestId('joined').textContent()).toContain('Posted Twice');
    expect(await page.getByTestId('noscript').textContent()).toContain('Turn on JavaScript');
    expect(await page.locator('#continue').getAttribute('href')).toMatch(/^\/p#token=/);
    await screenshot(page, 'join-nojs-joined-phone');
    await moderator.until(() => people('Posted Twice').length === 1, 10_000);

    // The same form sent again (a double tap, a reload that re-posts): the same person, not a second one.
    const again = await fetch(`${server.url}/join/${session.joinCode}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ joinId, code: session.joinCode, name: 'Posted Twice', modality: 'online' }).toString(),
    });
    expect(again.status).toBe(200);
    const firstToken = (await page.locator('#continue').getAttribute('data-token'))!;
    const secondToken = (await again.text()).match(/data-token="([^"]+)"/)![1];
    const personOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { pid: string }).pid;
    expect(personOf(secondToken)).toBe(personOf(firstToken));
    expect(people('Posted Twice').map((p) => p.id)).toEqual([personOf(firstToken)]);
    expect(people('Posted Twice')).toHaveLength(1);
  }, 60_000);

  it('[JF4] a form posted before the script arrived: the page stores the token and the live view opens', async () => {
    const page = await phone();
    const script = await holdScript(page);
    await page.goto(`${server.url}/join/${session.joinCode}`, { waitUntil: 'commit' });
    await page.locator('input[name=name]').fill('Quick Poster');
    await page.locator('input[name=modality][value=online]').tap();
    await page.locator('.join-form button[type=submit]').tap();
    // The live page's own script is still held back: its address is enough.
    await page.waitForURL(/\/p$/, { timeout: 15_000, waitUntil: 'commit' });
    script.release();
    await waitConnected(page, 30_000);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('dr:joined') ?? 'null'))).toEqual({ code: session.joinCode, name: 'Quick Poster' });
    await moderator.until(() => people('Quick Poster').length === 1, 10_000);
  }, 60_000);

  it('[JF5] a wrong code: the page says so before and after the script', async () => {
    const nojs = await phone({ js: false });
    const res = await nojs.goto(`${server.url}/join/ZZZZ2345`);
    expect(res?.status()).toBe(404);
    expect(await nojs.getByTestId('join-error').textContent()).toBe('No dialogue has this code. Please check it.');
    const page = await phone();
    await page.goto(`${server.url}/join/ZZZZ2345`);
    await page.locator('html[data-app=live]').waitFor();
    expect(await page.getByTestId('join-error').textContent()).toBe('No dialogue has this code. Please check it.');
  }, 60_000);

  for (const lang of ['en', 'ar'] as const) {
    it(`[JF6] the HTML-only page (${lang}) passes axe, never scrolls sideways and has large tap targets, on a phone, a tablet, a laptop and a wall`, async () => {
      for (const [device, viewport] of [
        ['phone', { width: 360, height: 640 }],
        ['tablet', { width: 768, height: 1024 }],
        ['laptop', { width: 1366, height: 768 }],
        ['wall', { width: 1920, height: 1080 }],
      ] as const) {
        const page = await phone({ locale: lang, viewport });
        // The app's script never arrives: what is checked is the page as the server wrote it.
        await page.route(/\/assets\/.*\.js$/, (route) => route.abort());
        await page.goto(`${server.url}/join/${session.joinCode}`);
        expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        expect(await page.evaluate(() => document.documentElement.dataset.app ?? null)).toBeNull();
        await page.locator('input[name=modality][value=onsite]').click();
        await screenshot(page, `join-html-only-${lang}-${device}`);
        const violations = await seriousAxeViolations(page);
        expect(violations, `${device}: ${describeViolations(violations)}`).toEqual([]);
        expect(await horizontalOverflow(page), device).toBeLessThanOrEqual(0);
        expect(await smallTouchTargets(page), device).toEqual([]);
      }
    }, 90_000);
  }
});
