import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient, eventually } from '../helpers/clients.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.js';
import { cutLink, launchBrowser, phoneContext, restoreLink, screenshot, waitConnected, consoleSection } from '../helpers/browser.js';
import { PLENARY_ID } from '../../shared/domain/state.js';
import { applyLocalValue } from '../../client/src/features/worksheet/textBinding.js';

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');

/**
 * A group's worksheet on a phone and on the moderators' console: presence of the other editor, the overview of
 * every group live, and a lock that catches an edit typed offline before it: the phone is told, and shows the
 * sheet read-only. The phone talks through a TCP proxy that really cuts its WebSocket.
 */
describe('[WB] worksheet lock, presence and the moderators\' overview (Chromium)', () => {
  let server: TestServer;
  let proxy: TcpProxy;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let phone: Page;
  let consolePage: Page;
  let mod: TestClient;
  let mate: TestClient;
  let other: TestClient;
  let room1 = '';
  let room2 = '';

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    proxy = await startTcpProxy(Number(new URL(server.url).port));
    const s = await createSession(server);
    const people = [
      await joinSession(server, s.joinCode, 'Ana', 'online'),
      await joinSession(server, s.joinCode, 'Bo', 'online'),
      await joinSession(server, s.joinCode, 'Cy', 'online'),
      await joinSession(server, s.joinCode, 'Di', 'online'),
    ];
    mod = new TestClient(server.url, s.onlineModeratorToken);
    await mod.ready();
    expect((await mod.request('rooms:create', { name: 'Green table' })).ok).toBe(true);
    expect((await mod.request('rooms:create', { name: 'Online group' })).ok).toBe(true);
    [room1, room2] = mod.state!.roomOrder.filter((id) => id !== PLENARY_ID);
    for (const [i, r] of [[0, room1], [1, room1], [2, room2], [3, room2]] as const) expect((await mod.request('rooms:assign', { personId: people[i].personId, roomId: r })).ok).toBe(true);
    expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    await mod.until((st) => st.people[people[0].personId].roomId === room1);
    mate = new TestClient(server.url, people[1].token);
    other = new TestClient(server.url, people[2].token);
    await Promise.all([mate.ready(), other.ready()]);

    const ctx = await phoneContext(browser);
    contexts.push(ctx);
    phone = await ctx.newPage();
    await phone.goto(`${proxy.url}/p#token=${people[0].token}`);
    await waitConnected(phone);
    const laptop = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
    contexts.push(laptop);
    consolePage = await laptop.newPage();
    await consolePage.goto(`${server.url}/moderator#token=${s.onsiteModeratorToken}`);
    // The console is a dashboard (issue 17): the groups' sheets live in its Rooms section.
    await consoleSection(consolePage, 'rooms');
  }, 60_000);
  afterAll(async () => {
    for (const c of [mod, mate, other]) c?.close();
    for (const c of contexts) await c.close();
    await browser?.close();
    await proxy?.close();
    await server?.close();
  });

  /** A TestClient writing in its group's sheet like a phone would. */
  async function write(c: TestClient, roomId: string, section: string, value: string) {
    const doc = new Y.Doc();
    const res = await c.request('worksheet:open', { roomId });
    Y.applyUpdate(doc, Buffer.from(res.update, 'base64'));
    const sent: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => sent.push(u));
    applyLocalValue(doc.getText(section), value, 'local');
    for (const u of sent) expect(await c.request('worksheet:update', { roomId, update: b64(u) })).toEqual({ ok: true });
  }

  it('[WB1] the phone shows the session\'s sections and who else writes where; the console shows every group live', async () => {
    const hopes = phone.locator('#worksheet-hopes');
    await hopes.waitFor();
    await expect.poll(() => hopes.isDisabled()).toBe(false);
    await hopes.fill('More trees in the square');
    await phone.locator('.worksheet-status', { hasText: 'All changes saved' }).waitFor();

    // Bo (same group) puts his caret in "Our fears": the phone names him there.
    const doc = new Y.Doc();
    const aw = new awarenessProtocol.Awareness(doc);
    aw.setLocalState({ cursor: { section: 'fears', index: 0 } });
    expect((await mate.request('worksheet:awareness', { roomId: room1, update: b64(awarenessProtocol.encodeAwarenessUpdate(aw, [doc.clientID])) })).ok).toBe(true);
    aw.destroy();
    const presence = phone.locator('.worksheet-section', { has: phone.locator('#worksheet-fears') }).locator('[data-testid=worksheet-presence]');
    await presence.waitFor();
    // Names are isolated for right-to-left text (U+2068/U+2069 around them).
    expect((await presence.textContent())?.replace(/[\u2068\u2069]/g, '')).toContain('Bo writing here');
    await write(mate, room1, 'fears', 'Traffic noise');
    await expect.poll(() => phone.locator('#worksheet-fears').inputValue()).toBe('Traffic noise');
    await screenshot(phone, 'worksheet-phone-presence');

    // The console, visiting nowhere, reads both groups, live.
    await write(other, room2, 'recommendations', 'Free wifi in libraries');
    const text = (room: string, section: string) => consolePage.locator(`[data-testid=ws-ov-text-${room}-${section}]`);
    await expect.poll(() => text(room1, 'hopes').textContent(), { timeout: 15_000 }).toBe('More trees in the square');
    await expect.poll(() => text(room2, 'recommendations').textContent()).toBe('Free wifi in libraries');
    await write(other, room2, 'hopes', 'Cheaper phones');
    await expect.poll(() => text(room2, 'hopes').textContent()).toBe('Cheaper phones');
    expect(await consolePage.locator(`[data-testid=ws-ov-card-${room2}] .ws-ov-typing`).textContent()).toContain('Cy');
    // Screens of every size: the overview as a moderator sees it.
    const overview = consolePage.locator('[data-testid=worksheet-overview]');
    for (const [name, w, h] of [['phone', 360, 640], ['tablet', 768, 1024], ['laptop', 1366, 768], ['wall', 1920, 1080]] as const) {
      await consolePage.setViewportSize({ width: w, height: h });
      await overview.screenshot({ path: `test-results/screenshots/worksheet-overview-${name}.png` });
      // Cards never run past the screen's width.
      expect(await consolePage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    }
    await consolePage.setViewportSize({ width: 1366, height: 768 });
    await consolePage.locator(`[data-testid=ws-ov-card-${room1}] button`, { hasText: 'Open full size' }).click();
    const full = consolePage.locator('[data-testid=worksheet-full]');
    await full.waitFor();
    expect(await full.textContent()).toContain('More trees in the square');
    await consolePage.screenshot({ path: 'test-results/screenshots/worksheet-overview-full.png' });
    await full.locator('button', { hasText: 'Close' }).click();
    await full.waitFor({ state: 'detached' });
  });

  it('[WB2] an edit typed offline before the lock is refused when the link returns: the phone says so and shows the sheet read-only', async () => {
    await cutLink(phone, proxy);
    await phone.locator('#worksheet-recommendations').fill('Typed in the tunnel');
    await expect.poll(async () => Number(await phone.locator('[data-testid=connection]').getAttribute('data-pending'))).toBeGreaterThan(0);
    // Time is up: the moderator locks the group's sheet from the console.
    await consolePage.locator(`[data-testid=ws-ov-card-${room1}] button`, { hasText: 'Lock' }).click();
    await mod.until((s) => !!s.worksheetLocks?.[room1]);
    await eventually(() => expect(consolePage.locator(`[data-testid=ws-ov-card-${room1}] .ws-ov-badge`).isVisible()).resolves.toBe(true));

    await restoreLink(phone, proxy);
    const notice = phone.locator('[data-testid=refused][data-code=WORKSHEET_LOCKED]');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toContain('Your edit of the worksheet');
    expect(await notice.textContent()).toContain('locked before it arrived');
    await phone.locator('[data-testid=worksheet-locked]').waitFor();
    expect(await phone.locator('#worksheet-hopes').getAttribute('readonly')).not.toBeNull();
    // The sheet shows what the server kept, not the refused text.
    await expect.poll(() => phone.locator('#worksheet-hopes').inputValue()).toBe('More trees in the square');
    expect(await phone.locator('#worksheet-recommendations').inputValue()).toBe('');
    await screenshot(phone, 'worksheet-phone-locked');
    const stored = await server.app.store.readWorksheet(mod.state!.id, room1);
    expect(Buffer.concat(stored.updates.map((u) => Buffer.from(u, 'base64'))).toString('latin1')).not.toContain('Typed in the tunnel');
  });
});
