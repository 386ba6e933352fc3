import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient, eventually } from '../helpers/clients.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.js';
import { cutLink, laptopContext, launchBrowser, pendingActions, restoreLink, screenshot, consoleSection } from '../helpers/browser.js';

/**
 * Nothing a person does is lost or doubled when the link drops. The page talks to the server through a
 * TCP proxy that really cuts the WebSocket; a TestClient connected directly reads the session's log.
 * Uses a moderator's rename (a command of this branch); the vote-while-offline test reuses cutLink/restoreLink.
 */
describe('outbox across a cut link (moderator console through a TCP proxy)', () => {
  let server: TestServer;
  let proxy: TcpProxy;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let witness: TestClient;
  let personId: string;

  const renamedEvents = (id: string) => witness.events.filter((e) => e.type === 'person:renamed' && (e.data as { personId: string }).personId === id);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    proxy = await startTcpProxy(Number(new URL(server.url).port));
    const s = await createSession(server);
    personId = (await joinSession(server, s.joinCode, 'Jo', 'online')).personId;
    witness = new TestClient(server.url, s.onlineModeratorToken);
    await witness.ready();
    context = await laptopContext(browser);
    page = await context.newPage();
    await page.goto(`${proxy.url}/moderator#token=${s.onsiteModeratorToken}`);
    await consoleSection(page, 'people');
    await page.locator(`[data-testid=roster] li[data-person="${personId}"]`).waitFor();
  });
  afterAll(async () => {
    witness?.close();
    await context?.close();
    await browser?.close();
    await proxy?.close();
    await server?.close();
  });

  /** The moderator renames the person with the inline form of the console. */
  const rename = async (name: string) => {
    const row = page.locator(`[data-testid=roster] li[data-person="${personId}"]`);
    await row.locator('button', { hasText: 'Rename' }).click();
    await row.locator('[data-testid=person-form-rename] input').fill(name);
    await row.locator('[data-testid=person-form-rename] button[type=submit]').click();
  };

  it('[N1] an action taken while cut is kept, shown as waiting, and applied exactly once when the link returns', async () => {
    await cutLink(page, proxy);
    // Said plainly, and to screen readers too.
    await expect.poll(() => page.locator('[data-testid=announcer-polite]').textContent()).toContain('Connection lost');
    await rename('Jo (offline edit)');
    await expect.poll(() => pendingActions(page)).toBe(1);
    await expect.poll(() => page.locator('[data-testid=pending]').textContent()).toContain('1 action waiting');
    await screenshot(page, 'offline-01-waiting');
    expect(witness.state!.people[personId].name).toBe('Jo'); // not sent yet: the server has not seen it

    await restoreLink(page, proxy);
    await witness.until((st) => st.people[personId].name === 'Jo (offline edit)');
    // A marker sent after the page's outbox emptied: a duplicate of the rename would be logged before it.
    await witness.request('people:setLabel', { personId, label: 'marker-1', cid: 'marker-1-cid' });
    await witness.until((st) => st.people[personId].label === 'marker-1');
    expect(renamedEvents(personId)).toHaveLength(1);
    expect(await page.locator(`[data-testid=roster] li[data-person="${personId}"] .name`).textContent()).toBe('Jo (offline edit)');
  });

  it('[N2] when the ack is lost on the way back, the retry after reconnecting is not applied twice', async () => {
    proxy.holdReplies(); // the server receives the rename but its ack never reaches the page
    await rename('Jo (ack lost)');
    await witness.until((st) => st.people[personId].name === 'Jo (ack lost)');
    expect(await pendingActions(page)).toBe(1); // the page could not know it was applied
    await cutLink(page, proxy);
    await restoreLink(page, proxy); // reconnects, resends with the same command id, gets the original result
    await witness.request('people:setLabel', { personId, label: 'marker-2', cid: 'marker-2-cid' });
    await witness.until((st) => st.people[personId].label === 'marker-2');
    expect(renamedEvents(personId).map((e) => (e.data as { name: string }).name)).toEqual(['Jo (offline edit)', 'Jo (ack lost)']);
    await eventually(async () => expect(await page.locator(`[data-testid=roster] li[data-person="${personId}"] .name`).textContent()).toBe('Jo (ack lost)'));
  });

  it('[N3] an action waiting when the page is reloaded survives the reload and is sent once', async () => {
    await cutLink(page, proxy, { allowPageLoads: true });
    await rename('Jo (kept over reload)');
    await expect.poll(() => pendingActions(page)).toBe(1);
    await page.reload(); // the page loads, the live link stays refused
    await expect.poll(() => pendingActions(page)).toBe(1);
    expect(witness.state!.people[personId].name).toBe('Jo (ack lost)');
    await restoreLink(page, proxy);
    await witness.until((st) => st.people[personId].name === 'Jo (kept over reload)');
    await witness.request('people:setLabel', { personId, label: 'marker-3', cid: 'marker-3-cid' });
    await witness.until((st) => st.people[personId].label === 'marker-3');
    expect(renamedEvents(personId).map((e) => (e.data as { name: string }).name)).toEqual(['Jo (offline edit)', 'Jo (ack lost)', 'Jo (kept over reload)']);
  });
});
