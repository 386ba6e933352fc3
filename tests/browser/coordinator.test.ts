import { describe, expect, it } from 'vitest';
import { ORGANISER_KEY } from '../helpers/servers.js';
import { screenshot } from '../helpers/browser.js';
import { browserSuite } from '../helpers/browserSuite.js';
import { TestClient } from '../helpers/clients.js';

const TEMPLATE = {
  kind: 'dialogue-room/session-template',
  version: 1,
  title: 'Our digital future',
  languages: ['en'],
  agenda: [{ title: 'Welcome', minutes: 10, room: 'plenary' }],
  polls: [{ id: 'q-trust', kind: 'single', question: 'Do you trust online services?', options: ['A lot', 'A little', 'Not at all'], maxChoices: null, min: 1, max: 5, minLabel: '', maxLabel: '', target: 'plenary', resultsVisibility: 'live' }],
  questionnaires: [],
  profileQuestions: [{ id: 'age', question: 'Your age band', options: ['16-29', '30-59', '60+'] }],
};

/** The coordinator page: a wrong key is refused, the right one (kept in localStorage) shows the combined results. */
describe('[CV] the coordinator page', () => {
  const t = browserSuite();

  it('refuses a wrong key, then lists the template and its sites side by side', async () => {
    for (const title of ['Lyon, 12 March', 'Dakar, 14 March']) {
      const res = await fetch(`${t.server.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-organiser-key': ORGANISER_KEY }, body: JSON.stringify({ template: TEMPLATE, title }) });
      expect(res.status).toBe(201);
      // The report holds the polls that were opened: each site opens the template's poll.
      const mod = new TestClient(t.server.url, ((await res.json()) as { onsiteModeratorToken: string }).onsiteModeratorToken);
      await mod.ready();
      expect((await mod.request('polls:open', { pollId: 'q-trust' })).ok).toBe(true);
      mod.close();
    }
    const ctx = await t.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
    t.contexts.push(ctx);
    const page = await ctx.newPage();
    await page.goto(`${t.server.url}/coordinator`);
    await page.getByLabel('Organiser key').fill('wrong');
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('alert').filter({ hasText: 'not right' }).waitFor();
    await page.getByLabel('Organiser key').fill(ORGANISER_KEY);
    await page.getByRole('button', { name: 'Open' }).click();
    await page.getByRole('button', { name: /Our digital future · Sessions: 2/ }).waitFor();
    await page.getByRole('rowheader', { name: /Dakar, 14 March/ }).waitFor();
    expect(await page.getByRole('heading', { name: 'Do you trust online services?' }).count()).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem('dr:organiserKey'))).toBe(ORGANISER_KEY);
    // The profile table: nobody answered, every cell is under 5.
    await page.getByText('Your age band').first().waitFor();
    expect(await page.locator('td', { hasText: '< 5' }).count()).toBeGreaterThan(0);
    for (const [name, width, height] of [['phone', 360, 640], ['tablet', 768, 1024], ['laptop', 1366, 768], ['wall', 1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await screenshot(page, `coordinator-${name}`);
    }
    // The key stays for this browser: a reload goes straight to the results.
    await page.reload();
    await page.getByRole('rowheader', { name: /Lyon, 12 March/ }).waitFor();
  }, 60_000);
});
