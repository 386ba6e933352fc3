import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import jsQR from 'jsqr';
import { laptopContext, launchBrowser, openIn, screenshot, startProduct, waitConnected, type Product } from '../helpers/browser.js';

/**
 * The print kit (issue 19), on the product as `npm start` runs it (demo session; run `npm run build` first):
 * the join cards' QR code, screenshotted from Chromium and decoded, is the session's join address; the paper
 * questionnaire lists every question and option of the session's template in its order; each page prints to
 * a PDF; the console's print area saves the pages.
 */
describe('the print kit', () => {
  let product: Product;
  let browser: Browser;
  let sessionId: string;
  let token: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [product, browser] = await Promise.all([startProduct(60_000), launchBrowser()]);
    sessionId = ((await (await fetch(`${product.url}/api/join/${product.joinCode}`)).json()) as { sessionId: string }).sessionId;
    token = product.links.onsiteModerator.split('#token=')[1]!;
  }, 90_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await product?.stop();
  });

  async function printPage(name: string, size: { width: number; height: number }): Promise<Page> {
    const ctx = await browser.newContext({ viewport: size, deviceScaleFactor: 1, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    contexts.push(ctx);
    const page = await ctx.newPage();
    const res = await page.goto(`${product.url}/api/sessions/${sessionId}/print/${name}.html`);
    expect(res?.status()).toBe(200);
    return page;
  }

  /** A PNG's RGBA pixels, drawn on a canvas in a blank page (no image library needed). */
  async function pngPixels(png: Buffer): Promise<{ data: Uint8ClampedArray; width: number; height: number }> {
    const ctx = await browser.newContext();
    contexts.push(ctx);
    const blank = await ctx.newPage();
    const out = await blank.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const g = canvas.getContext('2d')!;
      g.drawImage(bitmap, 0, 0);
      return { data: Array.from(g.getImageData(0, 0, bitmap.width, bitmap.height).data), width: bitmap.width, height: bitmap.height };
    }, png.toString('base64'));
    return { data: new Uint8ClampedArray(out.data), width: out.width, height: out.height };
  }

  it('refuses people without a moderator token or the organiser key', async () => {
    for (const name of ['cards', 'agenda', 'questionnaire']) {
      expect((await fetch(`${product.url}/api/sessions/${sessionId}/print/${name}.html`)).status).toBe(401);
    }
    const joined = (await (
      await fetch(`${product.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: product.joinCode, name: 'Paula Participant', modality: 'onsite' }) })
    ).json()) as { token: string };
    expect((await fetch(`${product.url}/api/sessions/${sessionId}/print/cards.html`, { headers: { authorization: `Bearer ${joined.token}` } })).status).toBe(403);
    expect((await fetch(`${product.url}/api/sessions/${sessionId}/print/nothing.html`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
  });

  it('the join cards hold a QR code that decodes to the join address, the code, the address, and print to PDF', async () => {
    for (const [label, size] of [
      ['phone', { width: 360, height: 640 }],
      ['laptop', { width: 1366, height: 768 }],
    ] as const) {
      const page = await printPage('cards', size);
      const cards = page.locator('[data-card]');
      expect(await cards.count()).toBe(8); // the demo uses no tables: one sheet of identical cards
      await expect.poll(() => cards.first().locator('.code').textContent()).toBe(product.joinCode);
      expect(await cards.first().locator('.addr').textContent()).toBe(product.joinUrl);
      const pixels = await pngPixels(await cards.nth(1).locator('[data-qr]').screenshot());
      const decoded = jsQR(pixels.data, pixels.width, pixels.height);
      expect(decoded?.data).toBe(product.joinUrl);
      await screenshot(page, `print-cards-${label}`);
      if (label === 'laptop') {
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        // 8 cards of 64 mm in two columns: one A4 sheet (the page's own @page size).
        expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
      }
    }
  }, 60_000);

  it('the paper questionnaire lists every question and option of the template in order', async () => {
    const template = (await (await fetch(`${product.url}/api/sessions/${sessionId}/template.json`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      languages: string[];
      polls: Array<{ id: string; kind: string; question: string | Record<string, string>; options: Array<string | Record<string, string>> }>;
      questionnaires: Array<{ title: string; pollIds: string[] }>;
    };
    expect(template.questionnaires.length).toBeGreaterThan(0);
    const text = (t: string | Record<string, string>) => (typeof t === 'string' ? t : (template.languages.map((l) => t[l]).find((x) => x) ?? ''));
    const page = await printPage('questionnaire', { width: 1366, height: 768 });
    const printed = await page.locator('section.questionnaire').evaluateAll((sections) =>
      sections.map((s) => ({
        title: s.querySelector('h1')!.textContent,
        questions: [...s.querySelectorAll('[data-question]')].map((q) => ({
          heading: q.querySelector('h3')!.textContent,
          options: [...q.querySelectorAll('[data-option]')].map((o) => o.textContent),
          rows: [...q.querySelectorAll('tbody th')].map((o) => o.textContent),
        })),
      })),
    );
    expect(printed.map((q) => q.title)).toEqual(template.questionnaires.map((q) => q.title));
    let checkedOptions = 0;
    template.questionnaires.forEach((q, qi) => {
      expect(printed[qi].questions.length).toBe(q.pollIds.length);
      q.pollIds.forEach((id, i) => {
        const poll = template.polls.find((p) => p.id === id)!;
        expect(printed[qi].questions[i].heading).toBe(`${i + 1}. ${text(poll.question)}`);
        const want = poll.kind === 'yesno' && poll.options.length !== 2 ? ['Yes', 'No'] : poll.options.map(text);
        const got = poll.kind === 'grid' ? printed[qi].questions[i].rows : printed[qi].questions[i].options;
        if (['single', 'multiple', 'yesno', 'ranking', 'grid'].includes(poll.kind)) {
          expect(got).toEqual(want.map((o, k) => `${k + 1}. ${o}`));
          checkedOptions += want.length;
        }
      });
    });
    expect(checkedOptions).toBeGreaterThan(0);
    await screenshot(page, 'print-questionnaire-laptop');
    const phone = await printPage('questionnaire', { width: 360, height: 640 });
    await screenshot(phone, 'print-questionnaire-phone');
    expect((await page.pdf({ format: 'A4' })).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);

  it('the agenda lists every part with its minutes and planned times, and prints to PDF', async () => {
    const page = await printPage('agenda', { width: 1366, height: 768 });
    const rows = await page.locator('tbody tr').count();
    expect(rows).toBeGreaterThan(1);
    const first = await page.locator('tbody tr').first().locator('td').nth(1).textContent();
    expect(first).toMatch(/^\+0:00–\+\d+:\d\d$/);
    await screenshot(page, 'print-agenda-laptop');
    const phone = await printPage('agenda', { width: 360, height: 640 });
    await screenshot(phone, 'print-agenda-phone');
    expect((await page.pdf({ format: 'A4' })).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);

  it('the console saves the join cards from its print area', async () => {
    const consolePage = await openIn(contexts, laptopContext(browser), product.links.onsiteModerator);
    await waitConnected(consolePage);
    const area = consolePage.getByTestId('print-links');
    await area.scrollIntoViewIfNeeded();
    const [download] = await Promise.all([consolePage.waitForEvent('download'), area.getByTestId('print-cards').click()]);
    const saved = await readFile((await download.path())!, 'utf8');
    expect(saved).toContain(product.joinCode);
    expect(saved).toContain('@page{size:A4');
    await area.screenshot({ path: 'test-results/screenshots/print-links-console.png' });
  }, 60_000);
});
