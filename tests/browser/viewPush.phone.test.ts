import { describe, expect, it } from 'vitest';
import { createSession, joinSession } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { phoneContext, waitConnected } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browserSuite.js';

/**
 * [V20b] Views pushed on widening, in the browser: a phone moved into a breakout that already talked shows that
 * chat, from the server's pushed `session:view`, and its socket sends no `session:sync` beyond the one after
 * connecting (counted on the WebSocket's frames).
 */
describe('[V20b] a phone moved into a room with history', { timeout: 90_000 }, () => {
  const t = browserSuite();

  it('shows the earlier chat of the room without asking session:sync', async () => {
    const session = await createSession(t.server);
    const mod = new TestClient(t.server.url, session.onlineModeratorToken);
    t.clients.push(mod);
    await mod.ready();
    expect((await mod.request('rooms:create', { name: 'Table 4' })).ok).toBe(true);
    await mod.until((s) => s.roomOrder.length === 2);
    const room = mod.state!.roomOrder[1];
    const eva = await joinSession(t.server, session.joinCode, 'Eva');
    const evaC = new TestClient(t.server.url, eva.token);
    t.clients.push(evaC);
    await evaC.ready();
    expect((await mod.request('rooms:assign', { personId: eva.personId, roomId: room })).ok).toBe(true);
    expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    await evaC.until((s) => s.people[eva.personId].roomId === room);
    expect((await evaC.request('chat:send', { text: 'We started without you' })).ok).toBe(true);

    const { token, personId } = await joinSession(t.server, session.joinCode, 'Finn');
    // Opened by hand (not openIn): the frame listener must be there before the page's first WebSocket frame.
    const context = await phoneContext(t.browser);
    t.contexts.push(context);
    const page = await context.newPage();
    const syncFrames: string[] = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => typeof f.payload === 'string' && f.payload.includes('"session:sync"') && syncFrames.push(f.payload)));
    await page.goto(`${t.server.url}/p#token=${token}`);
    await waitConnected(page);
    expect(syncFrames).toHaveLength(1);
    expect(await page.getByText('We started without you').count()).toBe(0);

    expect((await mod.request('rooms:assign', { personId, roomId: room })).ok).toBe(true);
    await page.locator('[data-testid=chat-log]', { hasText: 'We started without you' }).waitFor({ timeout: 15_000 });
    expect(syncFrames).toHaveLength(1);
    // Live chat after the pushed view reaches the page too.
    expect((await evaC.request('chat:send', { text: 'Welcome, Finn' })).ok).toBe(true);
    await page.locator('[data-testid=chat-log]', { hasText: 'Welcome, Finn' }).waitFor({ timeout: 15_000 });
    expect(syncFrames).toHaveLength(1);
  });
});
