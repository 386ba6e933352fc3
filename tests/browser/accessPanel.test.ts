import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { createSession, startServer, type TestServer } from '../helpers/servers.js';
import { laptopContext, launchBrowser, openIn, screenshot, waitConnected, consoleSection } from '../helpers/browser.js';

/**
 * The console's access panel: re-issuing links shows the new ones, the other moderator's console is closed
 * with the named reason, and this console keeps working after a reload (it saved its new token).
 */
describe('[L6] the moderator console re-issues links and closes joining', () => {
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

  it('shows the new links, closes the other console with TOKEN_REVOKED, survives a reload; closes joining', async () => {
    const session = await createSession(server);
    const mine = await openIn(contexts, laptopContext(browser), `${server.url}/moderator#token=${session.onsiteModeratorToken}`);
    const other = await openIn(contexts, laptopContext(browser), `${server.url}/moderator#token=${session.onlineModeratorToken}`);
    await Promise.all([waitConnected(mine), waitConnected(other)]);

    await consoleSection(mine, 'people');
    const panel = mine.getByTestId('access-panel');
    await panel.getByRole('button', { name: 'Re-issue links' }).click();
    await panel.getByRole('button', { name: 'Yes, replace all links' }).click();
    const fields = mine.getByTestId('new-links').locator('input');
    await fields.first().waitFor();
    const urls = await fields.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(urls.filter((u) => u.includes('/moderator#token='))).toHaveLength(2);
    expect(urls.some((u) => u.includes('/projector#token='))).toBe(true);
    expect(urls.some((u) => u.includes('/invite#invite='))).toBe(true);
    await screenshot(mine, 'access-panel-new-links');

    await other.getByRole('alert').filter({ hasText: 'The moderators replaced this link' }).waitFor();
    expect(await other.getByTestId('connection').getAttribute('data-status')).toBe('closed');

    await mine.reload();
    await waitConnected(mine);
    await panel.getByRole('button', { name: 'Close joining' }).click();
    await mine.getByTestId('joining-status').filter({ hasText: 'Joining is closed' }).waitFor();
    const res = await fetch(`${server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: session.joinCode, name: 'Late', modality: 'onsite' }) });
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('JOINING_CLOSED');
  });
});
