import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { TestClient } from '../helpers/clients.js';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { laptopContext, launchBrowser, openIn, screenshot, waitConnected, consoleSection } from '../helpers/browser.js';

/**
 * [IF] The console asks in place, never with window.prompt(): a new group's name, its call link, and the reason
 * for hiding a chat message. A browser dialog would fail this test (it is refused, and nothing would be sent).
 */
describe('[IF] questions asked in place in the moderator console', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  it('creates a group, sets its call link and hides a message through inline forms', async () => {
    const session = await createSession(server);
    const maria = await joinSession(server, session.joinCode, 'Maria', 'online');
    const phone = new TestClient(server.url, maria.token);
    await phone.ready();
    const page = await openIn(contexts, laptopContext(browser), `${server.url}/moderator#token=${session.onsiteModeratorToken}`);
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await waitConnected(page);

    await consoleSection(page, 'rooms');
    await page.getByRole('button', { name: 'New group', exact: true }).click();
    const newRoom = page.getByTestId('new-room-form');
    await newRoom.getByLabel('Name of the new group').fill('  Table 7  ');
    await newRoom.getByRole('button', { name: 'New group' }).click();
    await phone.until((s) => Object.values(s.rooms).some((r) => r.name === 'Table 7'));
    await newRoom.waitFor({ state: 'detached' });

    const roomId = Object.values(phone.state!.rooms).find((r) => r.name === 'Table 7')!.id;
    await page.locator('.rooms-table tr', { hasText: 'Table 7' }).getByRole('button', { name: 'Call link' }).click();
    const link = page.getByTestId('room-link-form');
    await link.getByLabel('Call link (https://…), empty to remove').fill('https://meet.example.org/table-7');
    await link.getByRole('button', { name: 'Save' }).click();
    await phone.until((s) => s.rooms[roomId]?.callLink === 'https://meet.example.org/table-7');

    expect((await phone.request('chat:send', { text: 'Off-topic advert' })).ok).toBe(true);
    await consoleSection(page, 'bridge');
    const msg = page.locator('[data-testid=chat-log] li', { hasText: 'Off-topic advert' }).first();
    await msg.getByRole('button', { name: 'Hide' }).click();
    const hide = page.getByTestId('hide-reason-form');
    // A required reason: an empty one is not sent.
    await hide.getByRole('button', { name: 'Hide' }).click();
    expect(await hide.count()).toBe(1);
    await hide.getByLabel('Why hide this message?').fill('advertising');
    await screenshot(page, 'inline-hide-reason');
    await hide.getByRole('button', { name: 'Hide' }).click();
    await phone.until((s) => s.chat.plenary?.some((m) => m.text === '' && m.hidden) ?? false);
    expect(dialogs).toEqual([]);
    phone.close();
  });
});
