import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createSession, joinSession, projectorToken, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient, eventually } from '../helpers/clients.js';
import { SCREENSHOTS, horizontalOverflow, launchBrowser, openIn, phoneContext, screenshot, waitConnected } from '../helpers/browser.js';
import { PLENARY_ID } from '../../shared/domain/state.js';

const WALL = { width: 1920, height: 1080 };
const SMALL_WALL = { width: 1280, height: 720 };
const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');

/** Long group texts: more than a wall holds at once, so the view must page rather than run past the edge. */
const LONG_HOPES = Array.from({ length: 14 }, (_, i) => `Hope number ${i + 1}: public transport every ten minutes, also in the villages and at night`).join('\n');
const LONG_OPTIONS = Array.from({ length: 12 }, (_, i) => `Option ${i + 1}: a rather long recommendation label that needs room on the wall`);

/**
 * [WL] The wall screen shows only what a moderator put there, fits 1920×1080 and 1280×720 without scrolling
 * whatever it shows, with main text of at least 40 px at 1080p; a poll whose results are hidden shows no tally
 * on the wall nor on phones until the moderators reveal it, then the same tally on both.
 */
describe('[WL] the wall screen in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let session: Awaited<ReturnType<typeof createSession>>;
  let mod: TestClient;
  const clients: TestClient[] = [];
  const contexts: BrowserContext[] = [];
  let groupId = '';
  let pollId = '';
  let voterTokens: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    session = await createSession(server, {
      title: 'Our digital future',
      languages: ['en', 'fr', 'ar'],
      agenda: [{ title: 'How important is data in combating disinformation?', minutes: 20, prompt: { en: 'Think of one example from your own life.', ar: 'فكّر في مثال من حياتك.' }, materials: [{ title: 'Briefing video', url: 'https://example.org/briefing' }] }],
    });
    mod = new TestClient(server.url, session.onsiteModeratorToken);
    clients.push(mod);
    await mod.ready();
    const people = await Promise.all(['Amira', 'Bruno', 'Chen', 'Dana'].map((n, i) => joinSession(server, session.joinCode, n, i % 2 ? 'online' : 'onsite')));
    voterTokens = people.map((p) => p.token);
    expect((await mod.request('agenda:start', {})).ok).toBe(true);
    // A group writes a long sheet, which a moderator publishes.
    expect((await mod.request('rooms:autoAssign', { mode: 'balanced', groups: 2 })).ok).toBe(true);
    expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    await mod.until((s) => people.every((p) => s.people[p.personId].roomId !== PLENARY_ID));
    groupId = mod.state!.people[people[0].personId].roomId;
    const writer = new TestClient(server.url, people[0].token);
    clients.push(writer);
    await writer.ready();
    const doc = new Y.Doc();
    doc.getText('hopes').insert(0, LONG_HOPES);
    doc.getText('fears').insert(0, 'Fake news spreads faster than corrections.');
    expect((await writer.request('worksheet:update', { roomId: groupId, update: b64(Y.encodeStateAsUpdate(doc)) })).ok).toBe(true);
    expect((await mod.request('plenary:publish', { roomId: groupId })).ok).toBe(true);
    expect((await mod.request('rooms:recall', { countdownSeconds: 0 })).ok).toBe(true);
    await mod.until((s) => people.every((p) => s.people[p.personId].roomId === PLENARY_ID));
    // A highlighted remark and a speaker queue.
    expect((await mod.request('bridge:highlight', { source: { kind: 'remark', personId: people[1].personId, text: 'Schools should teach how to check a source.' } })).ok).toBe(true);
    expect((await mod.request('queue:add', { roomId: 'plenary', name: 'Elena' })).ok).toBe(true);
    expect((await mod.request('queue:add', { roomId: 'plenary', name: 'Farid' })).ok).toBe(true);
    expect((await mod.request('queue:next', { roomId: 'plenary', seconds: 180 })).ok).toBe(true);
    // A poll with twelve long options whose results stay hidden until revealed.
    const created = await mod.request('polls:create', { poll: { kind: 'single', question: 'Which recommendation first?', options: LONG_OPTIONS, resultsVisibility: 'never' } });
    pollId = created.pollId;
    expect((await mod.request('polls:open', { pollId })).ok).toBe(true);
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  const projectorUrl = () => `${server.url}/projector#token=${projectorToken(session.projectorUrl)}`;
  async function openPage(viewport: { width: number; height: number }, url: string): Promise<Page> {
    const page = await openIn(contexts, browser.newContext({ viewport, locale: 'en-GB' }), url);
    await waitConnected(page);
    return page;
  }

  /** Whatever the wall shows fits: the document does not scroll and no visible element ends below the fold. */
  async function fits(page: Page) {
    // The fit loop settles within a few frames; poll until it has.
    await eventually(async () => {
      const r = await page.evaluate(() => {
        const below = Array.from(document.querySelectorAll<HTMLElement>('.wall-screen *'))
          .filter((el) => {
            const b = el.getBoundingClientRect();
            return b.width > 0 && b.height > 0 && b.bottom > window.innerHeight + 1;
          })
          .map((el) => `${el.tagName} ${el.className}`);
        return { scroll: document.documentElement.scrollHeight, inner: window.innerHeight, below };
      });
      expect(r.scroll).toBeLessThanOrEqual(r.inner);
      expect(r.below).toEqual([]);
    }, 5000);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  }

  const fontPx = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

  const KINDS = [
    { kind: 'part', content: () => ({ kind: 'part' }), main: '.wall-main', text: 'How important is data' },
    { kind: 'join', content: () => ({ kind: 'join' }), main: '[data-testid=wall-join-code]', text: '' },
    { kind: 'poll', content: () => ({ kind: 'poll', pollId }), main: '.wall-main', text: 'Which recommendation first?' },
    { kind: 'sheet', content: () => ({ kind: 'sheet', roomId: groupId }), main: '.wall-para', text: 'Hope number 1' },
    { kind: 'highlight', content: () => ({ kind: 'highlight', highlightId: mod.state!.bridge.highlights[0].id }), main: '.wall-main', text: 'Schools should teach' },
    { kind: 'queue', content: () => ({ kind: 'queue', roomId: 'plenary' }), main: '.speaker-now p', text: 'Elena' },
    { kind: 'message', content: () => ({ kind: 'message', text: 'Coffee break: back at 11:15 in the main hall, please take your badge with you and keep your phone at hand' }), main: '.wall-main', text: 'Coffee break' },
  ] as const;

  it('[WL1] a poll with hidden results: no tally on the wall or a phone until revealed, then the same tally on both', async () => {
    const voters = voterTokens.map((tk) => new TestClient(server.url, tk));
    clients.push(...voters);
    await Promise.all(voters.map((v) => v.ready()));
    for (const [i, v] of voters.entries()) expect((await v.request('polls:vote', { pollId, ballot: { choices: [i % 2] } })).ok).toBe(true);
    expect((await mod.request('wall:show', { content: { kind: 'poll', pollId } })).ok).toBe(true);
    const wall = await openPage(WALL, projectorUrl());
    const phone = await openIn(contexts, phoneContext(browser), `${server.url}/p#token=${voterTokens[0]}`);
    await waitConnected(phone);
    await wall.locator('[data-testid=wall][data-kind=poll]').waitFor();
    await wall.locator('[data-testid=wall-no-results]').waitFor();
    // The moderators have a tally by now (so a leak would have had time to arrive).
    await eventually(() => expect(mod.raw.some((r) => r.event === 'poll:results')).toBe(true), 5000);
    await phone.getByText('Which recommendation first?').first().waitFor();
    expect(await wall.locator('[data-testid=wall-count]').count()).toBe(0);
    expect(await phone.locator('.poll-results').count()).toBe(0);
    await screenshot(wall, 'wall-poll-hidden-1920');

    expect((await mod.request('polls:setVisibility', { pollId, resultsVisibility: 'live' })).ok).toBe(true);
    await wall.locator('[data-testid=wall-count]').first().waitFor();
    await phone.locator('.poll-results').first().waitFor();
    // Same tally on both: 2 for the first option, 2 for the second, of 4 ballots.
    await eventually(async () => expect(await wall.locator('[data-testid=wall-poll-n]').textContent()).toContain('4'), 5000);
    expect(await wall.locator('[data-testid=wall-count]').nth(0).textContent()).toBe('2 (50%)');
    expect(await wall.locator('[data-testid=wall-count]').nth(1).textContent()).toBe('2 (50%)');
    const phoneText = (await phone.locator('.poll-results').first().textContent()) ?? '';
    expect(phoneText).toContain('2 (50%)');
    await screenshot(phone, 'wall-poll-revealed-phone');
  }, 60_000);

  for (const size of [WALL, SMALL_WALL]) {
    it(`[WL2] every wall content kind fits ${size.width}×${size.height} without scrolling${size === WALL ? ', main text ≥ 40 px' : ''}`, async () => {
      const page = await openPage(size, projectorUrl());
      for (const k of KINDS) {
        expect({ kind: k.kind, ok: (await mod.request('wall:show', { content: k.content() })).ok }).toEqual({ kind: k.kind, ok: true });
        await page.locator(`[data-testid=wall][data-kind=${k.kind}]`).waitFor();
        if (k.text) await page.locator('.wall-screen', { hasText: k.text }).waitFor();
        // The revealed poll's tally is there on a wall that connected after the reveal (sent once, at connect).
        if (k.kind === 'poll') await page.locator('[data-testid=wall-count]').first().waitFor();
        await fits(page);
        if (size === WALL) expect({ kind: k.kind, px: (await fontPx(page, k.main)) >= 40 }).toEqual({ kind: k.kind, px: true });
        await screenshot(page, `wall-${k.kind}-${size.width}x${size.height}`);
      }
      // Long content pages rather than running past the edge: the sheet and the 12-option poll say "Page 1 of n".
      for (const kind of ['sheet', 'poll'] as const) {
        await mod.request('wall:show', { content: KINDS.find((k) => k.kind === kind)!.content() });
        await page.locator(`[data-testid=wall][data-kind=${kind}]`).waitFor();
        await fits(page);
        if (kind === 'sheet') await page.locator('.wall-page').waitFor();
      }
      // Cleared: only the title.
      expect((await mod.request('wall:clear', {})).ok).toBe(true);
      await page.locator('[data-testid=wall][data-kind=none]').waitFor();
      await fits(page);
    }, 90_000);
  }

  it('[WL3] Arabic wall: right to left, user text isolated; the console preview renders the wall scaled; phones show the published sheet and the part prompt', async () => {
    expect((await mod.request('wall:show', { content: { kind: 'sheet', roomId: groupId } })).ok).toBe(true);
    const ar = await openIn(contexts, browser.newContext({ viewport: WALL, locale: 'ar' }), projectorUrl());
    await waitConnected(ar);
    await ar.locator('[data-testid=wall][data-kind=sheet]').waitFor();
    expect(await ar.locator('[data-testid=wall]').getAttribute('dir')).toBe('rtl');
    expect(await ar.locator('.wall-screen bdi').count()).toBeGreaterThan(0);
    await fits(ar);
    await screenshot(ar, 'wall-sheet-ar-1920');

    for (const [name, viewport] of [['laptop', { width: 1366, height: 768 }], ['tablet', { width: 768, height: 1024 }]] as const) {
      const consolePage = await openPage(viewport, `${server.url}/moderator#token=${session.onsiteModeratorToken}`);
      const preview = consolePage.locator('[data-testid=wall-preview]');
      await preview.locator('[data-testid=wall][data-kind=sheet]').waitFor();
      const box = await preview.boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.width / box!.height).toBeCloseTo(16 / 9, 1);
      await preview.scrollIntoViewIfNeeded();
      await screenshot(consolePage, `wall-control-${name}-page`);
      await consolePage.locator('[data-testid=wall-control]').screenshot({ path: `${SCREENSHOTS}/wall-control-${name}.png` });
    }

    const phone = await openIn(contexts, phoneContext(browser), `${server.url}/p#token=${voterTokens[1]}`);
    await waitConnected(phone);
    await phone.locator(`[data-testid=published-${groupId}]`).waitFor();
    expect(await phone.locator(`[data-testid=published-${groupId}]`).textContent()).toContain('Hope number 14');
    await phone.locator('[data-testid=part-prompt]').waitFor();
    expect(await phone.locator('[data-testid=part-prompt]').textContent()).toContain('Think of one example');
    expect(await phone.locator('[data-testid=part-prompt] a').getAttribute('href')).toBe('https://example.org/briefing');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(phone, 'plenary-phone');
    await phone.locator('[data-testid=part-prompt]').screenshot({ path: `${SCREENSHOTS}/plenary-phone-prompt.png` });
    await phone.locator('[data-testid=published-sheets]').screenshot({ path: `${SCREENSHOTS}/plenary-phone-published.png` });
  }, 60_000);
});
