import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { laptopContext, launchBrowser, openIn, phoneContext, ROOT, screenshot, waitConnected } from '../helpers/browser.js';

/**
 * The printable report (run `npm run build` first): a participant ticks "name me" on the real join form, the
 * console's Report area downloads the HTML, and the page renders in Chromium under its own CSP (styled, charts
 * drawn, no violation), keeps table rows whole in print, and prints to PDF.
 */
describe('[R6] the printable report in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('[R6] join consent, console download, styled page under its CSP, whole rows in print, a PDF', async () => {
    const session = await createSession(server, { title: 'Printable dialogue', moderatorNames: { onsite: 'Mara Host' } });
    const mod = new TestClient(server.url, session.onsiteModeratorToken);
    clients.push(mod);
    await mod.ready();

    // The join form's consent box, ticked by a real person on a phone.
    const phone = await openIn(contexts, phoneContext(browser), `${server.url}/join/${session.joinCode}`);
    await phone.locator('input[name=name]').fill('Yolanda Consenting');
    await phone.locator('input[name=modality][value=onsite]').tap();
    await phone.locator('input[name=nameInReport]').check();
    await phone.locator('button[type=submit]').tap();
    await phone.waitForURL(/\/p$/);
    await waitConnected(phone);
    const quiet = await joinSession(server, session.joinCode, 'Xavier Unnamed', 'online');
    const voter = new TestClient(server.url, quiet.token);
    clients.push(voter);
    await voter.ready();

    const poll = (await mod.request('polls:create', { poll: { kind: 'single', question: 'Which budget first?', options: ['Schools', 'Parks', 'Transport'] } })).pollId;
    expect((await mod.request('polls:open', { pollId: poll })).ok).toBe(true);
    await voter.until((s) => s.polls[poll]?.status === 'open');
    expect((await voter.request('polls:vote', { pollId: poll, ballot: { choices: [2] } })).ok).toBe(true);
    expect((await mod.request('polls:showOfHands', { pollId: poll, counts: [4, 2, 7] })).ok).toBe(true);
    expect((await mod.request('polls:close', { pollId: poll })).ok).toBe(true);

    // The console's Report area saves the page.
    const consolePage = await openIn(contexts, laptopContext(browser), `${server.url}/moderator#token=${session.onsiteModeratorToken}`);
    await waitConnected(consolePage);
    const area = consolePage.getByTestId('report-downloads');
    await area.scrollIntoViewIfNeeded();
    const [download] = await Promise.all([consolePage.waitForEvent('download'), area.getByTestId('report-html').click()]);
    const saved = await readFile((await download.path())!, 'utf8');
    expect(saved).toContain('Which budget first?');
    expect(saved).toContain('Yolanda Consenting');
    expect(saved).not.toContain('Xavier Unnamed');

    // The page itself, opened with the moderator's token as a header.
    const ctx = await browser.newContext({ viewport: { width: 1000, height: 800 }, extraHTTPHeaders: { authorization: `Bearer ${session.onsiteModeratorToken}` } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto(`${server.url}/api/sessions/${session.sessionId}/report.html`);
    expect(res!.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Printable dialogue');
    // The inline stylesheet applies (allowed by its hash): headings carry the report's rule.
    expect(await page.locator('h2').first().evaluate((el) => getComputedStyle(el).borderBottomStyle)).toBe('solid');
    expect(await page.locator('svg rect').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('table').first().textContent()).toContain('Welcome');
    await screenshot(page, 'report-html');
    expect(violations).toEqual([]);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('tr').first().evaluate((el) => getComputedStyle(el).breakInside)).toBe('avoid');
    expect(await page.locator('.poll').first().evaluate((el) => getComputedStyle(el).breakInside)).toBe('avoid');
    expect(await page.locator('h2').nth(1).evaluate((el) => getComputedStyle(el).breakBefore)).toBe('page');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // One page per chapter at least: the title page, polls, worksheets, bridge.
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(4);
    await mkdir(path.join(ROOT, 'test-results'), { recursive: true });
    await writeFile(path.join(ROOT, 'test-results', 'report.pdf'), pdf);
  }, 90_000);
});
