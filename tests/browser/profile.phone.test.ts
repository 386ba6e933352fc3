import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { consoleSection, horizontalOverflow, joinAsParticipant, laptopContext, launchBrowser, openIn, phoneContext, screenshot, smallTouchTargets, startProduct, type Product } from '../helpers/browser.js';

/** The profile card on a 360 × 640 phone: asked once after joining, one tap per answer, gone once sent. */
describe('[P5] the panel profile card on a phone', () => {
  let product: Product;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    product = await startProduct();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await product?.stop();
  });

  it('[P5] a participant answers the card with the thumb; it goes away once sent', async () => {
    const key = product.output().match(/x-organiser-key\): (\S+)/)![1];
    const res = await fetch(`${product.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-organiser-key': key },
      body: JSON.stringify({ title: 'Panel day', languages: ['en'], profileQuestions: [{ id: 'age', question: 'Your age band', options: ['16-29', '30-59', '60 or over'] }, { id: 'ease', question: 'How at ease are you with the Internet?', options: ['Very', 'Somewhat', 'Not at all'] }] }),
    });
    const session = (await res.json()) as { joinUrl: string; onsiteModeratorToken: string; onsiteModeratorUrl: string };
    const page: Page = await openIn(contexts, phoneContext(browser), session.joinUrl);
    await joinAsParticipant(page, { name: 'Rosalind Pemberton', modality: 'onsite' });
    const card = page.getByTestId('profile-card');
    await card.waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await smallTouchTargets(page)).toEqual([]);
    await screenshot(page, 'profile-card-phone');
    await card.getByRole('button', { name: '60 or over' }).tap();
    await card.getByRole('button', { name: 'Prefer not to say' }).nth(1).tap();
    await screenshot(page, 'profile-card-phone-chosen');
    await page.getByTestId('profile-send').tap();
    await card.waitFor({ state: 'detached', timeout: 15_000 });

    // The console shows the composition only after 5 answers: with one, it says so.
    const mod = await openIn(contexts, laptopContext(browser), session.onsiteModeratorUrl);
    // The console is a dashboard (issue 17): the panel's composition sits in its People section.
    await consoleSection(mod, 'people');
    const comp = mod.getByTestId('panel-composition');
    await comp.waitFor({ timeout: 15_000 });
    await expect.poll(() => comp.textContent()).toContain('Shown after the first 5 answers.');
    await screenshot(mod, 'profile-composition-laptop');
  }, 90_000);
});
