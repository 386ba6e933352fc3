import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.js';
import { cutLink, launchBrowser, pendingActions, phoneContext, restoreLink, screenshot, waitConnected } from '../helpers/browser.js';

/**
 * Voting on a phone whose link drops: the ballot waits in the outbox, the page says so plainly, and once the
 * link returns it is counted exactly once; changed twice while offline, only the last one counts. The page
 * talks through a TCP proxy that really cuts the WebSocket; the moderator is a TestClient connected directly.
 */
describe('voting while the link is cut (participant phone through a TCP proxy)', () => {
  let server: TestServer;
  let proxy: TcpProxy;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let moderator: TestClient;
  let n = 0;

  /** The moderator prepares and opens a single-choice poll; returns its id once the phone shows it. */
  async function openPoll(question: string): Promise<string> {
    const res = await moderator.request('polls:create', { cid: `create-${++n}-xxxxxx`, poll: { kind: 'single', question, options: ['Trains', 'Buses', 'Bikes'] } });
    expect(res.ok).toBe(true);
    expect((await moderator.request('polls:open', { cid: `open-${n}-xxxxxxx`, pollId: res.pollId })).ok).toBe(true);
    await card(question).waitFor();
    return res.pollId as string;
  }
  const card = (question: string) => page.locator('article.poll-card', { has: page.locator('legend', { hasText: question }) });
  const choose = async (question: string, option: string) => {
    await card(question).locator('label.choice', { hasText: option }).tap();
    await card(question).locator('button[type=submit]').tap();
  };
  /** Closes the poll and returns its exact final tally as the moderator receives it. */
  async function finalTally(pollId: string) {
    expect((await moderator.request('polls:close', { cid: `close-${pollId}`.slice(0, 60), pollId })).ok).toBe(true);
    await moderator.until((s) => Boolean(s.pollResults[pollId]));
    return moderator.state!.pollResults[pollId].overall;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    proxy = await startTcpProxy(Number(new URL(server.url).port));
    const s = await createSession(server);
    const { token } = await joinSession(server, s.joinCode, 'Ana', 'online');
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
    await server?.close();
  });

  it('[V1] a vote cast while cut is shown as waiting and counted exactly once when the link returns', async () => {
    const pollId = await openPoll('How do you come to the hall?');
    await cutLink(page, proxy);
    await choose('How do you come to the hall?', 'Buses');
    await expect.poll(() => pendingActions(page)).toBe(1);
    expect(await page.locator('[data-testid=pending]').textContent()).toContain('1 action waiting');
    // Said on the poll itself, in words (not only an icon), and in the polls' live region.
    expect(await card('How do you come to the hall?').locator('[data-testid=vote-waiting]').textContent()).toContain('Saved on this phone, waiting to be sent');
    // The notice sits in the live region of the poll it is about (issue 17: never above another poll).
    expect(await card('How do you come to the hall?').locator('[role=status] [data-testid=poll-notice]').textContent()).toContain('will be sent when the connection returns');
    await screenshot(page, 'offline-vote-01-waiting');

    await restoreLink(page, proxy);
    await card('How do you come to the hall?').locator('.voted', { hasText: 'Answered' }).waitFor();
    await screenshot(page, 'offline-vote-02-sent');
    const tally = await finalTally(pollId);
    expect(tally.n).toBe(1);
    expect(tally.counts).toEqual([0, 1, 0]);
  });

  it('[V2] a vote changed twice while cut: every change is kept in order and only the last one counts', async () => {
    const q = 'Which one should the city fund first?';
    const pollId = await openPoll(q);
    await cutLink(page, proxy);
    await choose(q, 'Trains');
    await choose(q, 'Bikes');
    await choose(q, 'Buses');
    await expect.poll(() => pendingActions(page)).toBe(3);
    expect(await page.locator('[data-testid=pending]').textContent()).toContain('3');
    expect(await card(q).locator('input[type=radio]:checked').evaluate((el) => el.closest('label')!.textContent)).toContain('Buses');
    await screenshot(page, 'offline-vote-03-changed-twice');
    await restoreLink(page, proxy);
    const tally = await finalTally(pollId);
    expect(tally.n).toBe(1);
    expect(tally.counts).toEqual([0, 1, 0]);
  });
  it('[V3] a questionnaire answered while cut moves on question by question and every answer is counted once', async () => {
    const created = await moderator.request('polls:createQuestionnaire', {
      cid: 'qn-create-offline',
      title: 'Evening survey',
      polls: [
        { kind: 'yesno', question: 'Was the room warm enough?' },
        { kind: 'open', question: 'One word for today?' },
      ],
    });
    expect(created.ok).toBe(true);
    expect((await moderator.request('polls:openQuestionnaire', { cid: 'qn-open-offline', questionnaireId: created.questionnaireId })).ok).toBe(true);
    const runner = page.locator('article.questionnaire-runner[aria-label="Evening survey"]');
    await runner.waitFor();
    // Announced once, by its title (not once per question).
    await expect.poll(() => page.locator('[data-testid=announcer-polite]').textContent()).toBe('A questionnaire is open: \u2068Evening survey\u2069');
    await cutLink(page, proxy);
    await runner.locator('label.choice', { hasText: 'No' }).tap();
    await runner.locator('button[type=submit]').tap();
    // Offline the runner does not wait for an ack that cannot come: it shows the next question at once.
    await expect.poll(() => runner.locator('[role=status]').textContent()).toBe('Question 2 of 2 · 1 of 2 questions answered');
    await runner.getByLabel('Your answer').fill('Listened');
    await runner.locator('button[type=submit]').tap();
    await runner.locator('.voted', { hasText: 'You answered every question' }).waitFor();
    await expect.poll(() => pendingActions(page)).toBe(2);
    await screenshot(page, 'offline-vote-04-questionnaire');
    await restoreLink(page, proxy);
    expect((await moderator.request('polls:closeQuestionnaire', { cid: 'qn-close-offline', questionnaireId: created.questionnaireId })).ok).toBe(true);
    const [yesno, open] = created.pollIds as string[];
    await moderator.until((s) => Boolean(s.pollResults[yesno] && s.pollResults[open]));
    expect(moderator.state!.pollResults[yesno].overall.counts).toEqual([0, 1]);
    expect(moderator.state!.pollResults[open].open!.answers.map((a) => a.text)).toEqual(['Listened']);
  });
});
