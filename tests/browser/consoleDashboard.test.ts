import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { horizontalOverflow, launchBrowser, openIn, screenshot, waitConnected } from '../helpers/browser.js';

const SECTIONS = ['now', 'polls', 'rooms', 'queue', 'people', 'bridge'] as const;
const VIEWPORTS = {
  laptop: { width: 1366, height: 768 },
  tablet: { width: 768, height: 1024 },
  'tablet-landscape': { width: 1024, height: 768 },
  wall: { width: 1920, height: 1080 },
} as const;

/**
 * [CD] Issue 17: the moderator console as a dashboard. A demo day with 10 polls, 8 breakout groups and 100 people:
 * at 1366×768 and on a 10" tablet the "now" strip and every section fit without the page scrolling (a list
 * scrolls inside its section), the selected section is remembered per browser, and the strip's Close and
 * End turn act at once. Screenshots of every section per size go to test-results/screenshots/.
 */
describe('[CD] the moderator console as a dashboard, on a demo day of 100 people', () => {
  let server: TestServer;
  let browser: Browser;
  let session: Awaited<ReturnType<typeof createSession>>;
  let moderator: TestClient;
  let speaker: TestClient;
  let openPollId = '';
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    session = await createSession(server, {
      title: 'Our digital future: a citizens\' dialogue',
      agenda: [
        { title: 'Welcome and the day ahead', minutes: 15, room: 'plenary' },
        { title: 'Hopes and fears', minutes: 45, room: 'plenary' },
      ],
    });
    moderator = new TestClient(server.url, session.onsiteModeratorToken);
    await moderator.ready();
    const people: Array<{ token: string; personId: string }> = [];
    for (let batch = 0; batch < 10; batch++) {
      people.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, (_, i) => joinSession(server, session.joinCode, `Citizen ${batch * 10 + i + 1}`, (batch * 10 + i) % 3 ? 'onsite' : 'online')),
        )),
      );
    }
    for (let r = 1; r <= 8; r++) expect((await moderator.request('rooms:create', { name: `Table ${r}` })).ok).toBe(true);
    const pollIds: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const res = await moderator.request('polls:create', { poll: { kind: 'single', question: `Question ${i}: which matters most to you in your town?`, options: ['Parks', 'Schools', 'Transport', 'Housing'] } });
      expect(res.ok).toBe(true);
      pollIds.push((res as unknown as { pollId: string }).pollId);
    }
    // Six finished, one open, three drafts: a day well under way.
    for (const id of pollIds.slice(0, 7)) expect((await moderator.request('polls:open', { pollId: id, durationSec: null })).ok).toBe(true);
    for (const id of pollIds.slice(0, 6)) expect((await moderator.request('polls:close', { pollId: id })).ok).toBe(true);
    openPollId = pollIds[6];
    expect((await moderator.request('agenda:start', {})).ok).toBe(true);
    speaker = new TestClient(server.url, people[0].token);
    await speaker.ready();
    expect((await speaker.request('queue:raise', {})).ok).toBe(true);
    for (const n of ['Elena', 'Farid', 'Gosia']) expect((await moderator.request('queue:add', { roomId: 'plenary', name: n })).ok).toBe(true);
    expect((await moderator.request('queue:next', { roomId: 'plenary', seconds: 180 })).ok).toBe(true);
    expect((await speaker.request('help:request', { note: 'My sound is broken' })).ok).toBe(true);
  }, 120_000);
  afterAll(async () => {
    moderator?.close();
    speaker?.close();
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const page = await openIn(contexts, browser.newContext({ viewport, locale: 'en-GB' }), `${server.url}/moderator#token=${session.onsiteModeratorToken}`);
    await waitConnected(page);
    await page.getByTestId('now-strip').waitFor();
    return page;
  }

  /** The page as a whole does not scroll: only the lists inside a section do. */
  const pageScrolls = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollHeight - innerHeight);

  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`[CD1] at ${name} (${viewport.width}×${viewport.height}) the strip and every section fit without page scrolling`, async () => {
      const page = await open(viewport);
      await page.locator('[data-testid=roster] li').nth(99).waitFor({ state: 'attached' });
      const switchMs: number[] = [];
      for (const section of SECTIONS) {
        const t0 = Date.now();
        await page.locator(`[role=tab][data-section=${section}]`).click();
        const panel = page.locator(`[role=tabpanel][data-section=${section}]`);
        await panel.waitFor();
        switchMs.push(Date.now() - t0);
        expect(await pageScrolls(page), `${name} ${section}`).toBeLessThanOrEqual(1);
        expect(await horizontalOverflow(page), `${name} ${section}`).toBeLessThanOrEqual(0);
        // The strip stays on screen whichever section is open.
        const strip = await page.getByTestId('now-strip').boundingBox();
        expect(strip!.y).toBeGreaterThanOrEqual(0);
        expect(strip!.y + strip!.height).toBeLessThanOrEqual(viewport.height);
        // The section gets at least a third of the screen for itself.
        const box = await panel.boundingBox();
        expect(box!.height, `${name} ${section} panel height`).toBeGreaterThan(viewport.height / 3);
        await screenshot(page, `console-${name}-${section}`);
      }
      // The figure for docs/performance.md: a tab switch with 100 people, 10 polls and 8 groups rendered.
      console.log(`[CD1] ${name}: tab switch ${switchMs.join('/')} ms (click to section visible, through playwright)`);
    }, 60_000);
  }

  it('[CD2] the strip shows the open poll with its count, the speaker and the help waiting; tabs carry counts; the section is remembered', async () => {
    const page = await open(VIEWPORTS.laptop);
    const strip = page.getByTestId('now-strip');
    await expect.poll(() => strip.textContent()).toContain('Welcome and the day ahead');
    await expect.poll(() => page.getByTestId('now-poll').textContent()).toContain('Question 7');
    await expect.poll(() => page.getByTestId('now-poll').textContent()).toContain('0 answers');
    await expect.poll(() => page.getByTestId('now-speaker').textContent()).toContain('Citizen 1');
    await expect.poll(() => page.getByTestId('now-help').textContent()).toContain('1 help request waiting');
    expect(await page.locator('[role=tab][data-section=polls] .badge').textContent()).toBe('1');
    expect(await page.locator('[role=tab][data-section=rooms] .badge').textContent()).toBe('8');
    expect(await page.locator('[role=tab][data-section=queue] .badge').textContent()).toBe('3');
    expect(await page.locator('[role=tab][data-section=people] .badge').textContent()).toBe('100');
    // The help alert jumps to the section where help is given.
    await page.getByTestId('now-help').click();
    await page.locator('[role=tabpanel][data-section=bridge] [data-testid=help-request]').waitFor();
    expect(await page.locator('[role=tab][data-section=bridge]').getAttribute('aria-selected')).toBe('true');
    // Remembered per browser: after a reload the same section is open.
    await page.locator('[role=tab][data-section=queue]').click();
    await page.reload();
    await waitConnected(page);
    await page.locator('[role=tabpanel][data-section=queue]').waitFor();
    expect(await page.locator('[role=tab][data-section=queue]').getAttribute('aria-selected')).toBe('true');
    // End turn and Close act from the strip, whatever section is open.
    await page.getByTestId('now-end-turn').click();
    await expect.poll(() => page.getByTestId('now-speaker').textContent()).toContain('Nobody has the floor');
    await moderator.until((s) => !s.queues.plenary?.current);
    await page.getByTestId('now-close-poll').click();
    await moderator.until((s) => s.polls[openPollId]?.status === 'closed');
    await expect.poll(() => page.getByTestId('now-poll').textContent()).toContain('No poll open');
  }, 60_000);
});
