import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { describeViolations, horizontalOverflow, launchBrowser, openIn, phoneContext, screenshot, seriousAxeViolations, smallTouchTargets, waitConnected } from '../helpers/browser.js';

/**
 * Issue 17, the phone: the "now" card at the top of the participant view says the one thing to do now (answer
 * the poll, you have the floor, go to your table, the part), changes visibly and is announced; the rest is
 * below, folded where it is reference (people, earlier results). Also the message lifecycle (broadcast hidden
 * locally or cleared for all, a removed person's clean page) and small defects seen on phones.
 */
describe('the phone "now" card (360 × 640, en and ar)', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let session: Awaited<ReturnType<typeof createSession>>;
  let moderator: TestClient;
  const contexts: BrowserContext[] = [];
  let n = 0;
  const cid = (what: string) => `now-${what}-${++n}-xxxx`;
  const ok = async (name: string, payload: Record<string, unknown>) => {
    const res = await moderator.request(name, { cid: cid(name.replace(':', '-')), ...payload });
    expect(res, name).toMatchObject({ ok: true });
    return res;
  };
  const nowCard = (page: Page) => page.locator('[data-testid=now-card]');

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    session = await createSession(server, { title: 'Our street tomorrow', agenda: [{ title: 'Welcome and rules of the day', minutes: 15 }, { title: 'Mobility', minutes: 40 }] });
    moderator = new TestClient(server.url, session.onlineModeratorToken);
    await moderator.ready();
    await ok('agenda:start', {});
  });
  afterAll(async () => {
    moderator?.close();
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  async function phone(lang: 'en' | 'ar', name: string): Promise<{ page: Page; personId: string }> {
    const { token, personId } = await joinSession(server, session.joinCode, name, 'online');
    const page = await openIn(contexts, phoneContext(browser, { locale: lang }), `${server.url}/p#token=${token}`);
    await waitConnected(page);
    await nowCard(page).waitFor();
    return { page, personId };
  }

  for (const lang of ['en', 'ar'] as const) {
    it(`[N1] a poll that opens is on the first screen, question and first option, without scrolling (${lang})`, async () => {
      const { page } = await phone(lang, lang === 'ar' ? 'سلمى' : 'Selma');
      expect(await nowCard(page).getAttribute('data-now')).toBe('part');
      expect(await nowCard(page).locator('[data-testid=current-part]').textContent()).toBe('Welcome and rules of the day');
      await screenshot(page, `now-phone-part-${lang}`);
      // A chatty page first: the person scrolled down to read the chat when the poll opens.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      const question = `Which change would help our street most? (${lang})`;
      const { pollId } = await ok('polls:create', { poll: { kind: 'single', question, options: ['Wider pavements for walking', 'Safe bicycle lanes', 'More buses in the evening', 'Trees and benches'] } });
      await ok('polls:open', { pollId });
      await expect.poll(() => nowCard(page).getAttribute('data-now')).toBe('polls');
      const legend = nowCard(page).locator('legend', { hasText: question });
      await legend.waitFor();
      const first = nowCard(page).locator('label.choice').first();
      // Brought into view: both fully inside the 640 px screen, under the sticky header.
      await expect.poll(async () => (await first.boundingBox())!.y + (await first.boundingBox())!.height).toBeLessThanOrEqual(640);
      const q = (await legend.boundingBox())!;
      expect(q.y).toBeGreaterThanOrEqual(0);
      const headerBottom = await page.locator('.sticky').evaluate((el) => el.getBoundingClientRect().bottom);
      expect(q.y).toBeGreaterThanOrEqual(headerBottom - 1);
      expect(await first.textContent()).toBe('Wider pavements for walking');
      // The text is at least 16 px, targets at least 44 px, nothing scrolls sideways.
      expect(await first.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await smallTouchTargets(page)).toEqual([]);
      await screenshot(page, `now-phone-poll-${lang}`);
      for (const [device, viewport] of [['tablet', { width: 768, height: 1024 }], ['laptop', { width: 1366, height: 768 }]] as const) {
        await page.setViewportSize(viewport);
        expect(await horizontalOverflow(page)).toBe(0);
        await screenshot(page, `now-${device}-poll-${lang}`);
      }
      await page.setViewportSize({ width: 360, height: 640 });
      const violations = await seriousAxeViolations(page);
      expect(violations, describeViolations(violations)).toEqual([]);
      await ok('polls:close', { pollId });
      await expect.poll(() => nowCard(page).getAttribute('data-now')).toBe('part');
    });
  }

  it('[N2] a "saved" notice belongs to its poll: a new, unanswered poll shows none, and notices follow a change of language', async () => {
    const { page } = await phone('en', 'Tomás');
    const a = await ok('polls:create', { poll: { kind: 'yesno', question: 'Should the street be closed to cars on Sundays?' } });
    await ok('polls:open', { pollId: a.pollId });
    const cardA = nowCard(page).locator('article.poll-card', { hasText: 'closed to cars' });
    await cardA.locator('label.choice').first().tap();
    await cardA.locator('button[type=submit]').tap();
    await expect.poll(() => cardA.locator('[data-testid=poll-notice]').textContent()).toContain('Your answer is saved');
    const b = await ok('polls:create', { poll: { kind: 'yesno', question: 'Should there be a weekly market?' } });
    await ok('polls:open', { pollId: b.pollId });
    const cardB = nowCard(page).locator('article.poll-card', { hasText: 'weekly market' });
    await cardB.waitFor();
    expect(await cardB.locator('[data-testid=poll-notice]').count()).toBe(0);
    expect(await nowCard(page).locator('[data-testid=poll-notice]').count()).toBe(1);
    // The notice already shown is said again in the language chosen now.
    await page.locator('.top select').selectOption('fr');
    await expect.poll(() => cardA.locator('[data-testid=poll-notice]').textContent()).toBe("Votre réponse est enregistrée. Vous pouvez la modifier jusqu'à la clôture.");
    await page.locator('.top select').selectOption('en');
    await ok('polls:close', { pollId: a.pollId });
    await ok('polls:close', { pollId: b.pollId });
  });

  it('[N3] a ranking is sent only after reordering or "I keep this order", shows rank numbers, and its results are sorted', async () => {
    const { page } = await phone('en', 'Rania');
    const { pollId } = await ok('polls:create', { poll: { kind: 'ranking', question: 'Rank what to do first', options: ['Lighting', 'Crossings', 'Benches'], resultsVisibility: 'live' } });
    await ok('polls:open', { pollId });
    const card = nowCard(page).locator('article.poll-card', { hasText: 'Rank what to do first' });
    await card.waitFor();
    expect(await card.locator('.ranking .rank').allTextContents()).toEqual(['1', '2', '3']);
    expect(await card.locator('button[type=submit]').isDisabled()).toBe(true);
    await card.getByRole('button', { name: /^Move up: \W?Benches\W?$/ }).tap();
    expect(await card.locator('ol.ranking li bdi').allTextContents()).toEqual(['Lighting', 'Benches', 'Crossings']);
    expect(await card.locator('button[type=submit]').isEnabled()).toBe(true);
    await card.locator('button[type=submit]').tap();
    await expect.poll(() => card.locator('[data-testid=poll-notice]').textContent()).toContain('Your answer is saved');
    await ok('polls:close', { pollId });
    // Final results, in the folded "Earlier results": best average rank first, the count in words.
    const earlier = page.locator('[data-testid=earlier-results]');
    await earlier.locator('summary').tap();
    const series = earlier.locator('article.poll-card', { hasText: 'Rank what to do first' }).locator('.poll-series').first();
    await expect.poll(() => series.locator('.poll-label').allTextContents()).toEqual(['Lighting', 'Benches', 'Crossings']);
    expect(await series.locator('figcaption').textContent()).toContain('1 answer');
    expect(await series.locator('figcaption').textContent()).not.toContain('1 answers');
    await screenshot(page, 'now-phone-earlier-results-en');
  });

  it('[N4] the card changes and is announced when the floor is given, and when a breakout countdown starts', async () => {
    const { page, personId } = await phone('en', 'Bilal');
    await page.locator('section.queue').getByRole('button', { name: 'Raise my hand' }).tap();
    await moderator.until((s) => s.queues.plenary?.entries.some((e) => e.personId === personId) ?? false);
    await ok('queue:next', { roomId: 'plenary', seconds: 90 });
    await expect.poll(() => nowCard(page).getAttribute('data-now')).toBe('floor');
    expect(await nowCard(page).locator('h2').textContent()).toBe('You have the floor');
    expect(await nowCard(page).locator('.now-body [data-testid=countdown] .clock').textContent()).toMatch(/^1:[23]\d$/);
    await expect.poll(() => page.locator('[data-testid=announcer-assertive]').textContent()).toBe('You have the floor');
    await expect.poll(() => nowCard(page).evaluate((el) => el.classList.contains('now-changed'))).toBe(true);
    await screenshot(page, 'now-phone-floor-en');
    await ok('queue:end', { roomId: 'plenary' });
    await expect.poll(() => nowCard(page).getAttribute('data-now')).toBe('part');

    const { roomId } = await ok('rooms:create', { name: 'Table 3' }).then(() => ({ roomId: Object.values(moderator.state!.rooms).find((r) => r.name === 'Table 3')!.id }));
    await ok('rooms:assign', { personId, roomId });
    await ok('rooms:open', { countdownSeconds: 30 });
    await expect.poll(() => nowCard(page).getAttribute('data-now')).toBe('move');
    expect(await nowCard(page).locator('h2').textContent()).toBe('Go to \u2068Table 3\u2069');
    await expect.poll(() => page.locator('[data-testid=announcer-polite]').textContent()).toMatch(/^Go to \u2068Table 3\u2069 in \u2068?0:[23]\d\u2069?$/);
    await screenshot(page, 'now-phone-move-en');
    for (const [device, viewport] of [['tablet', { width: 768, height: 1024 }], ['laptop', { width: 1366, height: 768 }]] as const) {
      await page.setViewportSize(viewport);
      await screenshot(page, `now-${device}-move-en`);
    }
    await ok('rooms:cancelMove', {});
    await expect.poll(() => nowCard(page).getAttribute('data-now')).toBe('part');
  });

  it('[N5] a broadcast is bidi-isolated, can be hidden on one phone, and cleared by a moderator for everyone', async () => {
    const ar = await phone('ar', 'ياسمين');
    const en = await phone('en', 'Jon');
    await ok('rooms:broadcast', { text: 'Coffee break: back at 11:15!', minutes: 5 });
    for (const p of [ar.page, en.page]) await nowCard(p).locator('[data-testid=broadcast]').waitFor();
    // The English text sits in its own direction on the Arabic page ("!" stays at its end).
    const bdi = nowCard(ar.page).locator('[data-testid=broadcast] bdi.broadcast-text');
    expect(await bdi.getAttribute('dir')).toBe('auto');
    expect(await bdi.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    await screenshot(ar.page, 'now-phone-broadcast-ar');
    // Shown for the 5 minutes chosen (counted from the moment the server decided, a few ms before it was logged).
    const shown = moderator.state!.roomsRun.broadcast!.expiresAt! - moderator.state!.roomsRun.broadcast!.at;
    expect(shown).toBeGreaterThan(5 * 60_000 - 2000);
    expect(shown).toBeLessThanOrEqual(5 * 60_000);
    // Hidden here only.
    await nowCard(en.page).getByRole('button', { name: 'Hide this message' }).tap();
    await expect.poll(() => nowCard(en.page).locator('[data-testid=broadcast]').count()).toBe(0);
    expect(await nowCard(ar.page).locator('[data-testid=broadcast]').count()).toBe(1);
    // Cleared by the moderators: gone everywhere.
    await ok('rooms:clearBroadcast', {});
    await expect.poll(() => nowCard(ar.page).locator('[data-testid=broadcast]').count()).toBe(0);
  });

  for (const lang of ['en', 'ar'] as const) {
    it(`[N6] a removed person sees a clean "left" page, the device forgets them, and /join offers no "Continue" (${lang})`, async () => {
      const ctx = await phoneContext(browser, { locale: lang });
      contexts.push(ctx);
      const page = await ctx.newPage();
      await page.goto(`${server.url}/join/${session.joinCode}`);
      await page.locator('input[name=name]').fill(lang === 'ar' ? 'مريم' : 'Mariam');
      await page.locator('input[name=modality][value=online]').tap();
      await page.locator('button[type=submit]').tap();
      await page.waitForURL(/\/p$/);
      await waitConnected(page);
      expect(await page.title()).toBe(lang === 'ar' ? 'Our street tomorrow — الحوار' : 'Our street tomorrow — Dialogue');
      // The "already joined" card: its button overlaps neither its title nor its hint.
      await page.goto(`${server.url}/join/${session.joinCode}`);
      const card = page.locator('[data-testid=already-joined]');
      await card.waitFor();
      const boxes = await Promise.all(['h2', 'a', 'p'].map((s) => card.locator(s).boundingBox()));
      const [h2, a, p] = boxes.map((b) => b!);
      expect(a.y).toBeGreaterThanOrEqual(h2.y + h2.height - 0.5);
      expect(p.y).toBeGreaterThanOrEqual(a.y + a.height - 0.5);
      await screenshot(page, `now-phone-already-joined-${lang}`);
      await card.locator('a').tap();
      await waitConnected(page);
      const personId = await page.locator('[data-testid=roster] li', { has: page.locator('.you') }).getAttribute('data-person');
      await ok('people:remove', { personId, reason: 'Code of conduct' });
      await page.locator('[data-testid=left-session]').waitFor();
      // Nothing of the session on screen: no title, no roster, no now card.
      expect(await page.locator('[data-testid=roster], [data-testid=now-card]').count()).toBe(0);
      expect(await page.locator('body').textContent()).not.toContain('Our street tomorrow');
      expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k !== 'dr:lang'))).toEqual([]);
      await screenshot(page, `now-phone-left-${lang}`);
      const violations = await seriousAxeViolations(page);
      expect(violations, describeViolations(violations)).toEqual([]);
      await page.goto(`${server.url}/join/${session.joinCode}`);
      await page.locator('input[name=name]').waitFor();
      expect(await page.locator('[data-testid=already-joined]').count()).toBe(0);
    });
  }
});
