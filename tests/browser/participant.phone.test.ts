import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { horizontalOverflow, joinAsParticipant, launchBrowser, me, phoneContext, screenshot, smallTouchTargets, startProduct, waitConnected, type Product } from '../helpers/browser.js';

/**
 * The product as `npm start` runs it (built client, demo session), used by a person on a 360 × 640 phone.
 * Later features add their steps (answer a questionnaire, raise a hand, write in the worksheet) after the join.
 */
describe('participant on a phone (product started as npm start)', () => {
  let product: Product;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
    context = await phoneContext(browser);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await product?.stop();
  });

  it('[P1] prints a join URL with the demo join code', () => {
    expect(product.joinUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/join\/[A-Za-z0-9-]+$/);
    expect(product.joinUrl.endsWith(product.joinCode)).toBe(true);
  });

  it('[P2] the join page fits a 360 px phone: code prefilled, labelled fields, 44 px targets, no sideways scroll', async () => {
    await page.goto(product.joinUrl);
    await expect.poll(() => page.locator('input[name=code]').inputValue()).toBe(product.joinCode.toUpperCase());
    await expect(page.getByLabel('Your name').count()).resolves.toBe(1);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await smallTouchTargets(page)).toEqual([]);
    const fontPx = await page.locator('input[name=name]').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontPx).toBeGreaterThanOrEqual(16); // below 16 px mobile browsers zoom into the field
    await screenshot(page, 'phone-01-join');
  });

  it('[P3] joining asks where one is in the person\'s language instead of failing silently', async () => {
    await page.locator('input[name=name]').fill('Noor');
    await page.locator('button[type=submit]').tap();
    await expect.poll(() => page.locator('[data-testid=join-error]').textContent()).toContain('Choose where you are');
  });

  it('[P4] joins and sees oneself in the roster', async () => {
    await joinAsParticipant(page, { name: 'Noor Haddad', modality: 'onsite', table: '7' });
    const self = await me(page);
    expect(self.name).toBe('Noor Haddad');
    await expect.poll(() => page.locator('h1.welcome').textContent()).toContain('Noor Haddad');
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await smallTouchTargets(page)).toEqual([]);
    await screenshot(page, 'phone-02-participant');
  });

  it('[P5] a reload resumes the same person, not a duplicate', async () => {
    const before = await me(page);
    const countBefore = await page.locator('[data-testid=roster] li').count();
    await page.reload();
    await waitConnected(page);
    const after = await me(page);
    expect(after.personId).toBe(before.personId);
    await expect.poll(() => page.locator('[data-testid=roster] li').count()).toBe(countBefore);
    expect(await page.locator('[data-testid=roster] li', { hasText: 'Noor Haddad' }).count()).toBe(1);
  });

  it('[P5b] opening the join link again (a second QR scan) offers to continue as the same person', async () => {
    const before = await me(page);
    await page.goto(product.joinUrl);
    await page.locator('[data-testid=already-joined]').waitFor();
    expect(await page.locator('[data-testid=already-joined] h2').textContent()).toContain('Noor Haddad');
    await page.locator('[data-testid=already-joined] a').tap();
    await waitConnected(page);
    expect((await me(page)).personId).toBe(before.personId);
    await screenshot(page, 'phone-03-rejoin');
  });

  it('[P6] the participant page is served precompressed, hashed assets cached for good', async () => {
    const html = await (await fetch(product.url + '/join')).text();
    const script = html.match(/src="(\/assets\/index-[^"]+\.js)"/)?.[1];
    expect(script).toBeTruthy();
    const res = await fetch(product.url + script, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toContain('immutable');
  });

  // Answering the demo questionnaires on this phone: tests/browser/questionnaire.phone.test.ts.
  // Future steps (merged with their features): raiseHand(page), writeInWorksheet(page, …).
});
