import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { launchBrowser, openIn, phoneContext, screenshot, SCREENSHOTS, waitConnected, consoleSection } from '../helpers/browser.js';
import { PLENARY_ID } from '../../shared/domain/state.js';

/**
 * Issue 18 in Chromium: the speaker's phone says "time is up", the console prompts the moderator and gives more
 * time, refuses a duplicate name until confirmed, and its fairness panel invites someone who has not spoken.
 */
describe('[F6] fair speaking on the console (1366×768) and the speaker\'s phone', () => {
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

  it('time is up on the phone and prompted on the console; +1 min; duplicate name confirmed; invite from "not yet spoken"', async () => {
    const session = await createSession(server);
    const ana = await joinSession(server, session.joinCode, 'Ana Souza', 'onsite');
    const others = await Promise.all([['Ben Okafor', 'online'], ['Cyrille Martin', 'onsite'], ['Dalia Nasser', 'online']].map(([n, m]) => joinSession(server, session.joinCode, n, m as 'onsite' | 'online')));
    const mod2 = new TestClient(server.url, session.onlineModeratorToken);
    const phones = others.map((p) => new TestClient(server.url, p.token));
    clients.push(mod2, ...phones);
    await Promise.all([mod2, ...phones].map((c) => c.ready()));

    const consoleCtx = browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
    const mod = await openIn(contexts, consoleCtx, `${server.url}/moderator#token=${session.onsiteModeratorToken}`);
    const phone = await openIn(contexts, phoneContext(browser), `${server.url}/p#token=${ana.token}`);
    await Promise.all([waitConnected(mod), waitConnected(phone)]);
    await consoleSection(mod, 'queue');

    await phone.getByRole('button', { name: 'Raise my hand' }).tap();
    expect((await phones[0].request('queue:raise', {})).ok).toBe(true);
    await mod2.until((s) => s.queues[PLENARY_ID]?.entries.length === 2);
    // The shortest turn the protocol allows, given by the other moderator: Ana (first raised).
    expect(await mod2.request('queue:next', { roomId: PLENARY_ID, seconds: 10, expectedCurrent: null })).toMatchObject({ ok: true });
    await phone.getByTestId('floor').waitFor();

    // A by-name duplicate is refused with a clear message, then added as a second person on confirmation.
    const queueCard = mod.locator('section.queue').first();
    for (let i = 0; i < 2; i++) {
      await queueCard.getByLabel('Add someone without a phone (name)').fill('Zoe');
      await queueCard.getByRole('button', { name: 'Add to the queue' }).click();
      if (i === 0) await queueCard.locator('[data-testid=queue-list] li', { hasText: 'Zoe' }).waitFor();
    }
    // Names are isolated (bidi) inside translated texts: match the words around them.
    await queueCard.getByTestId('dup-name').filter({ hasText: /Zoe.*is already waiting in this queue/ }).waitFor();
    await queueCard.getByRole('button', { name: 'Add a second person of that name' }).click();
    await expect.poll(() => queueCard.locator('[data-testid=queue-list] li', { hasText: 'Zoe' }).count(), { timeout: 5000 }).toBe(2);

    // Invite from the fairness panel: Dalia (present, never spoke, hand down).
    await queueCard.getByTestId('fairness').locator('summary').click();
    const notYet = queueCard.getByTestId('not-yet-spoken');
    await notYet.locator('li', { hasText: 'Dalia Nasser' }).getByRole('button', { name: 'Invite to speak' }).click();
    await queueCard.locator('[data-testid=queue-list] li', { hasText: 'Dalia Nasser' }).filter({ hasText: 'invited by the moderator' }).waitFor();
    expect(await notYet.textContent()).not.toContain('Ana Souza');

    // Time runs out: the phone says so, the console prompts with its two answers.
    await phone.getByTestId('time-up').filter({ hasText: 'Your time is up' }).waitFor({ timeout: 20_000 });
    const prompt = queueCard.getByTestId('time-up');
    await prompt.filter({ hasText: /Time is up for .*Ana Souza/ }).waitFor({ timeout: 5000 });
    await screenshot(mod, 'fair-speaking-console-1366');
    await screenshot(phone, 'fair-speaking-phone-time-up');
    // The queue card alone (the console page is long), at laptop and at phone width.
    await queueCard.screenshot({ path: `${SCREENSHOTS}/fair-speaking-queue-card-1366.png` });
    await mod.setViewportSize({ width: 360, height: 640 });
    await queueCard.screenshot({ path: `${SCREENSHOTS}/fair-speaking-queue-card-phone.png` });
    await mod.setViewportSize({ width: 1366, height: 768 });
    await queueCard.getByRole('button', { name: '+1 min' }).click();
    await phone.getByTestId('time-up').waitFor({ state: 'detached', timeout: 5000 });
    await mod2.until((s) => (s.queues[PLENARY_ID].current?.endsAt ?? 0) > s.queues[PLENARY_ID].current!.startedAt + 10_000);
    expect(await queueCard.getByTestId('time-up').count()).toBe(0);
  }, 60_000);
});
