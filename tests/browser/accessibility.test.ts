import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createSession, joinSession, observerToken, projectorToken, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { describeViolations, horizontalOverflow, laptopContext, launchBrowser, openIn, phoneContext, screenshot, seriousAxeViolations, waitConnected, consoleSection } from '../helpers/browser.js';

/**
 * axe-core (WCAG 2.1 A/AA) on every view, in English and in Arabic (right-to-left): no serious or
 * critical violation. The language comes from the browser's own (navigator.languages), as for a real person.
 * A poll is open (with one ballot, so live results render) on every live view while it is scanned.
 */
describe('accessibility of every view (axe-core), en and ar', () => {
  let server: TestServer;
  let browser: Browser;
  let session: Awaited<ReturnType<typeof createSession>>;
  const contexts: BrowserContext[] = [];
  let moderator: TestClient;
  let voter: TestClient;
  const QUESTION = 'What matters most for the neighbourhood?';
  let pollId: string;
  let ballots = 0;
  /**
   * Live results are pushed when ballots change, not replayed to a view that connects later (see
   * docs/architecture.md, issue 8): the voter changes their ballot once the view is connected.
   */
  const vote = async () => {
    ballots++;
    expect((await voter.request('polls:vote', { cid: `a11y-vote-${ballots}-xxxx`, pollId, ballot: { choices: [ballots % 3] } })).ok).toBe(true);
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    session = await createSession(server, { title: 'Dialogue citoyen' });
    moderator = new TestClient(server.url, session.onlineModeratorToken);
    await moderator.ready();
    const created = await moderator.request('polls:create', { cid: 'a11y-create-0001', poll: { kind: 'single', question: QUESTION, options: ['Parks', 'Schools', 'Transport'] } });
    pollId = created.pollId;
    expect((await moderator.request('polls:open', { cid: 'a11y-open-0001', pollId })).ok).toBe(true);
    voter = new TestClient(server.url, (await joinSession(server, session.joinCode, 'Vera', 'online')).token);
    await voter.ready();
  });
  afterAll(async () => {
    voter?.close();
    moderator?.close();
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  async function open(lang: 'en' | 'ar', device: 'phone' | 'laptop', path: string): Promise<Page> {
    return openIn(contexts, device === 'phone' ? phoneContext(browser, { locale: lang }) : laptopContext(browser, { locale: lang }), `${server.url}${path}`);
  }

  async function expectAccessible(page: Page, name: string, lang: 'en' | 'ar') {
    await expect.poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([lang, lang === 'ar' ? 'rtl' : 'ltr']);
    await screenshot(page, `a11y-${name}-${lang}`);
    const violations = await seriousAxeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  }

  it('[A0] the axe check does fail on a serious violation (an unlabelled field)', async () => {
    const page = await open('en', 'phone', `/join/${session.joinCode}`);
    await page.locator('input[name=name]').waitFor();
    await page.evaluate(() => document.querySelector('form')!.append(Object.assign(document.createElement('input'), { type: 'text' })));
    expect((await seriousAxeViolations(page)).map((v) => v.id)).toContain('label');
  });

  for (const lang of ['en', 'ar'] as const) {
    it(`[A1] join page (${lang})`, async () => {
      const page = await open(lang, 'phone', `/join/${session.joinCode}`);
      await page.locator('input[name=name]').waitFor();
      expect(await horizontalOverflow(page)).toBe(0);
      await expectAccessible(page, 'join', lang);
    });

    it(`[A2] participant view (${lang})`, async () => {
      const { token } = await joinSession(server, session.joinCode, lang === 'ar' ? 'ليلى' : 'Lila', 'onsite', { table: '3' });
      const page = await open(lang, 'phone', `/p#token=${token}`);
      await waitConnected(page);
      await page.locator('[data-testid=roster] .you').waitFor({ state: 'attached' }); // folded on the phone
      await page.locator('.polls legend', { hasText: QUESTION }).waitFor();
      await vote();
      await page.locator('.polls .poll-series').first().waitFor();
      // An English question on an Arabic page keeps its own order ("…?" not "?…"): poll texts are bidi-isolated.
      expect(await page.locator('.polls legend bdi').textContent()).toBe(QUESTION);
      expect(await page.locator('.polls label.choice bdi').allTextContents()).toEqual(['Parks', 'Schools', 'Transport']);
      expect(await horizontalOverflow(page)).toBe(0);
      await expectAccessible(page, 'participant', lang);
    });

    it(`[A3] observer view (${lang})`, async () => {
      const { token } = await observerToken(server, session.observerUrl, 'Olga', 'press');
      const page = await open(lang, 'laptop', `/observer#token=${token}`);
      await waitConnected(page);
      await page.locator('[data-testid=roster] li').first().waitFor();
      await vote();
      await page.locator('.results-panel .poll-card', { hasText: QUESTION }).locator('.poll-series').first().waitFor();
      await expectAccessible(page, 'observer', lang);
    });

    it(`[A4] projector view with the join QR code (${lang})`, async () => {
      const page = await open(lang, 'laptop', `/projector#token=${projectorToken(session.projectorUrl)}`);
      await waitConnected(page);
      await page.locator('[data-testid=join-qr] svg').waitFor();
      expect(await page.locator('[data-testid=join-qr] figcaption').textContent()).toContain(`/join/${session.joinCode}`);
      await vote();
      await page.locator('.results-panel .poll-card', { hasText: QUESTION }).locator('.poll-series').first().waitFor();
      await expectAccessible(page, 'projector', lang);
    });

    it(`[A5] moderator console with the join QR code (${lang})`, async () => {
      const page = await open(lang, 'laptop', `/moderator#token=${session.onsiteModeratorToken}`);
      await waitConnected(page);
      await page.locator('[data-testid=join-qr] svg').waitFor();
      await expectAccessible(page, 'moderator', lang);
      // Every section of the dashboard (issue 17), each with its own screenshot.
      for (const section of ['polls', 'rooms', 'queue', 'people', 'bridge'] as const) {
        await consoleSection(page, section);
        await expectAccessible(page, `moderator-${section}`, lang);
      }
    });
  }

  it('[A7] the moderator\'s inline forms (no prompt()): focus goes to the labelled field, Escape returns it', async () => {
    const { personId } = await joinSession(server, session.joinCode, 'Sam', 'online');
    const page = await open('en', 'laptop', `/moderator#token=${session.onlineModeratorToken}`);
    await waitConnected(page);
    await consoleSection(page, 'people');
    const row = page.locator(`[data-testid=roster] li[data-person="${personId}"]`);
    await row.locator('button', { hasText: 'Label' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('label')?.textContent ?? '')).toContain('Label (empty to clear) (Sam)');
    const violations = await seriousAxeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Label: Sam');
  });

  it('[A8] keyboard focus order on the join page follows the visual order', async () => {
    const page = await open('en', 'laptop', `/join/${session.joinCode}`);
    await page.locator('input[name=name]').waitFor();
    const order: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return el ? `${el.tagName.toLowerCase()}:${el.name || el.type || ''}` : 'none';
      });
      if (order.at(-1) !== id) order.push(id);
    }
    // The report-consent checkbox sits between the modality choice and the Join button.
    expect(order.slice(0, 6)).toEqual(['select:select-one', 'input:code', 'input:name', 'input:modality', 'input:nameInReport', 'button:submit']);
  });

  it('[A9] a poll opening is announced to screen readers in the live region, in the person\'s language', async () => {
    const { token } = await joinSession(server, session.joinCode, 'Louis', 'online');
    const page = await open('en', 'phone', `/p#token=${token}`);
    await waitConnected(page);
    await page.locator('.polls legend', { hasText: QUESTION }).waitFor();
    // Given in two languages: an English reader hears the English question.
    const created = await moderator.request('polls:create', { cid: 'a11y-create-announce', poll: { kind: 'yesno', question: { fr: 'Faut-il plus de bancs ?', en: 'Do we need more benches?' } } });
    expect((await moderator.request('polls:open', { cid: 'a11y-open-announce', pollId: created.pollId })).ok).toBe(true);
    await expect.poll(() => page.locator('[data-testid=announcer-polite]').textContent()).toContain('New poll: \u2068Do we need more benches?\u2069');
    await page.locator('.polls legend', { hasText: 'Do we need more benches?' }).waitFor();
    const violations = await seriousAxeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('[A6] the invite page for observers (en)', async () => {
    const page = await open('en', 'phone', `/invite${new URL(session.observerUrl).hash}`);
    await page.locator('form input').first().waitFor();
    await expectAccessible(page, 'invite', 'en');
  });
});
