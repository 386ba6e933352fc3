import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createSession, joinSession, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { OwnRedis } from '../helpers/redisServer.js';
import { startProcessServer, type ProcessServer } from '../helpers/processServer.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.js';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { SCREENSHOTS, cutLink, launchBrowser, pendingActions, phoneContext, restoreLink, waitConnected } from '../helpers/browser.js';

/** How long the store stays frozen: the old outbox dropped an action after ~12 s of this. */
const OUTAGE_MS = 60_000;

/**
 * The phone's outbox never gives up (issue 14, gap 4). A real server process on its own redis-server; the store
 * is frozen with SIGSTOP, so the server stays up, the phone's WebSocket stays connected, and every write ends in
 * the store's command timeout (a retryable refusal). The phone is a 360 × 640 Chromium page talking through a
 * TCP proxy (used to cut its link in [OB6]); the moderator is a TestClient connected directly.
 */
describe('the phone outbox through a store outage (own Redis paused, server process)', () => {
  let redis: OwnRedis;
  let server: ProcessServer;
  let proxy: TcpProxy;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let moderator: TestClient;
  let n = 0;

  async function openPoll(question: string): Promise<string> {
    const res = await moderator.request('polls:create', { cid: `outage-create-${++n}`, poll: { kind: 'single', question, options: ['Trains', 'Buses', 'Bikes'] } });
    expect(res.ok).toBe(true);
    expect((await moderator.request('polls:open', { cid: `outage-open-${n}`, pollId: res.pollId })).ok).toBe(true);
    await card(question).waitFor();
    return res.pollId as string;
  }
  const card = (question: string) => page.locator('article.poll-card', { has: page.locator('legend', { hasText: question }) });
  const vote = async (question: string, option: string) => {
    await card(question).locator('label.choice', { hasText: option }).tap();
    await card(question).locator('button[type=submit]').tap();
  };
  const bar = () => page.locator('[data-testid=connection]');
  /** What the person sees without scrolling, at 360 × 640 (not the whole page). */
  const phoneScreenshot = async (name: string) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  };
  const waitingText = () => page.locator('[data-testid=connection] [role=status]').textContent();

  beforeAll(async () => {
    // Assigned as each one starts, so afterAll stops whatever did start if another one failed.
    const backend = async () => {
      redis = await OwnRedis.start();
      server = await startProcessServer({ REDIS_URL: redis.url });
    };
    [browser] = await Promise.all([launchBrowser(), backend()]);
    proxy = await startTcpProxy(Number(new URL(server.url).port));
    const direct = { url: server.url } as TestServer; // the helpers only use the address
    const s = await createSession(direct);
    const { token } = await joinSession(direct, s.joinCode, 'Ana', 'online');
    moderator = new TestClient(server.url, s.onlineModeratorToken);
    await moderator.ready();
    context = await phoneContext(browser);
    page = await context.newPage();
    await page.goto(`${proxy.url}/p#token=${token}`);
    await waitConnected(page);
  });
  afterAll(async () => {
    moderator?.close();
    await context?.close();
    await browser?.close();
    await proxy?.close();
    await server?.kill();
    await redis?.stop(); // SIGKILL ends it even if a failed test left it paused
  });

  it('[OB5] a vote and a chat message made during a 60 s store outage wait (shown, through a reload) and are delivered once afterwards', async () => {
    const question = 'How do you come to the hall?';
    const pollId = await openPoll(question);
    expect(await pendingActions(page)).toBe(0);

    redis.pause();
    onTestFinished(() => redis.resume()); // even if an assertion fails, the next test gets a store that answers
    const pausedAt = Date.now();
    await vote(question, 'Buses');
    // The first attempt ends in the store's timeout: the link is up, yet the phone says the action waits.
    await bar().and(page.locator('[data-waiting=true]')).waitFor({ timeout: 15_000 });
    expect(await bar().getAttribute('data-status')).toBe('connected');
    expect(await waitingText()).toContain('1 action waiting to be sent');
    expect(await card(question).locator('[data-testid=vote-waiting]').textContent()).toContain('waiting to be sent');

    await page.locator('textarea[id^=chat-input-]').fill('Can you hear us at the back?');
    await page.locator('form.chat-form button[type=submit]').tap();
    await expect.poll(() => pendingActions(page)).toBe(2);
    await expect.poll(waitingText).toContain('2 actions waiting to be sent');
    // Scrolled down to the chat, the notice is still at the top of the screen (the bar is sticky).
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(100);
    const box = await page.locator('[data-testid=connection] [data-testid=pending]').boundingBox();
    expect(box, 'the waiting notice is on screen').not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThan(640 / 2); // in the top half of a 640 px screen
    await phoneScreenshot('outbox-outage-01-waiting-phone');

    // A reload during the outage: both actions come back from local storage, in order, and are still tried.
    await page.reload();
    await expect.poll(() => pendingActions(page), { timeout: 15_000 }).toBe(2);
    await expect.poll(waitingText, { timeout: 15_000 }).toContain('2 actions waiting to be sent');
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('dr:outbox:participant') ?? '[]') as Array<{ name: string; cid: string }>);
    expect(saved.map((e) => e.name)).toEqual(['polls:vote', 'chat:send']);
    await card(question).locator('[data-testid=vote-waiting]').waitFor(); // the poll card too, from the restored outbox

    // Nothing is dropped however long it lasts (the old outbox gave up after 5 refusals, ~12 s).
    while (Date.now() - pausedAt < OUTAGE_MS) {
      expect(await pendingActions(page)).toBe(2);
      expect(await bar().getAttribute('data-waiting')).toBe('true');
      await page.waitForTimeout(Math.min(3000, Math.max(0, OUTAGE_MS - (Date.now() - pausedAt))));
    }
    expect(moderator.state!.chat.plenary?.some((m) => m.text === 'Can you hear us at the back?') ?? false).toBe(false);

    redis.resume();
    const resumedAt = Date.now();
    // The backoff is capped at 15 s: each action is retried within that of the store's return.
    await page.locator('[data-testid=connection][data-pending="0"][data-waiting=false]').waitFor({ timeout: 30_000 });
    const deliveredMs = Date.now() - resumedAt;
    expect(await page.locator('[data-testid=pending]').count()).toBe(0);
    expect(await waitingText()).toBe('');
    await card(question).locator('.voted', { hasText: 'Answered' }).waitFor();
    console.log(`[OB5] outbox empty ${deliveredMs} ms after the store returned`);

    // Delivered exactly once: one message in the log, one ballot in the final tally.
    await moderator.until((st) => (st.chat.plenary ?? []).some((m) => m.text === 'Can you hear us at the back?'));
    // A marker after it: a duplicate append (a retry applied twice) would be logged before the marker.
    expect((await moderator.request('chat:send', { cid: 'outage-marker-1', roomId: 'plenary', text: 'marker' })).ok).toBe(true);
    await moderator.until((st) => (st.chat.plenary ?? []).some((m) => m.text === 'marker'));
    expect(moderator.events.filter((e) => e.type === 'chat:posted' && (e.data as { message: { text: string } }).message.text === 'Can you hear us at the back?')).toHaveLength(1);
    expect(moderator.state!.chat.plenary!.filter((m) => m.text === 'Can you hear us at the back?')).toHaveLength(1);
    expect((await moderator.request('polls:close', { cid: 'outage-close-1', pollId })).ok).toBe(true);
    await moderator.until((st) => Boolean(st.pollResults[pollId]));
    expect(moderator.state!.pollResults[pollId].overall).toMatchObject({ n: 1, counts: [0, 1, 0] });
  }, 150_000);

  it('[OB6] a vote on a poll closed while it waited is removed, and the phone says which and why until dismissed', async () => {
    const question = 'Shall we take a break now?';
    const pollId = await openPoll(question);
    await cutLink(page, proxy);
    await vote(question, 'Trains');
    await expect.poll(() => pendingActions(page)).toBe(1);
    expect((await moderator.request('polls:close', { cid: 'outage-close-2', pollId })).ok).toBe(true);
    await restoreLink(page, proxy);

    const notice = page.locator('[data-testid=refused][data-code=POLL_CLOSED]');
    await notice.waitFor();
    expect(await notice.getAttribute('role')).toBe('alert');
    const text = await notice.textContent();
    expect(text).toContain('Not sent');
    expect(text).toContain(question);
    expect(text).toContain('The poll had closed before it arrived.');
    await phoneScreenshot('outbox-outage-02-refused-phone');
    // In the person's language: the same notice in Arabic, right to left.
    await page.locator('header.top select').selectOption('ar');
    await expect.poll(() => notice.textContent()).toContain('لم يُرسل');
    expect(await notice.textContent()).toContain('كان الاستطلاع قد أُغلق قبل وصولها.');
    await phoneScreenshot('outbox-outage-03-refused-phone-ar');
    await page.locator('header.top select').selectOption('en');
    await moderator.until((st) => Boolean(st.pollResults[pollId]));
    expect(moderator.state!.pollResults[pollId].overall.n).toBe(0);

    // It stays (a reload does not hide it) until the person taps OK.
    await page.reload();
    await waitConnected(page);
    await notice.waitFor();
    await notice.getByRole('button', { name: 'OK, understood' }).tap();
    await expect.poll(() => page.locator('[data-testid=refused]').count()).toBe(0);
    expect(await pendingActions(page)).toBe(0);
  });
});
