import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { laptopContext, launchBrowser, openIn, phoneContext, screenshot, waitConnected, consoleSection } from '../helpers/browser.js';

/**
 * A moderator writes a poll on the fly in the console, in every language of the session; each person reads
 * it in their own language, and a missing translation falls back to the first language.
 */
describe('the moderator console\'s poll form, in the session\'s languages', () => {
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

  async function page(kind: 'laptop' | 'phone', locale: string, path: string): Promise<Page> {
    const p = await openIn(contexts, kind === 'laptop' ? laptopContext(browser, { locale }) : phoneContext(browser, { locale }), `${server.url}${path}`);
    await waitConnected(p);
    return p;
  }

  async function newPoll(console: Page, kind: string) {
    await consoleSection(console, 'polls');
    await console.locator('summary', { hasText: 'New poll' }).click();
    await console.getByLabel('Kind of poll').selectOption(kind);
  }

  it('[PF1] a bilingual session: one set of texts per language; a French phone reads French, an English one English', async () => {
    const session = await createSession(server, { languages: ['en', 'fr'] });
    const witness = new TestClient(server.url, session.onlineModeratorToken);
    await witness.ready();
    const console = await page('laptop', 'en-GB', `/moderator#token=${session.onsiteModeratorToken}`);
    await newPoll(console, 'single');
    const en = console.locator('fieldset[data-lang=en]');
    const fr = console.locator('fieldset[data-lang=fr]');
    expect(await en.locator('legend').textContent()).toBe('English');
    expect(await fr.locator('legend').textContent()).toBe('français');
    await en.getByLabel('Question').fill('What matters most?');
    await en.getByLabel('Options (one per line)').fill('Parks\nSchools\n');
    await fr.getByLabel('Question').fill('Qu’est-ce qui compte le plus ?');
    await fr.getByLabel('Options (one per line)').fill('Parcs'); // "Schools" left untranslated
    await screenshot(console, 'poll-form-bilingual');
    await console.locator('.poll-form button[type=submit]').click();

    await witness.until((s) => Object.keys(s.polls).length === 1);
    const poll = Object.values(witness.state!.polls)[0];
    expect(poll.question).toEqual({ en: 'What matters most?', fr: 'Qu’est-ce qui compte le plus ?' });
    expect(poll.options).toEqual([{ en: 'Parks', fr: 'Parcs' }, { en: 'Schools' }]);
    expect((await witness.request('polls:open', { pollId: poll.id })).ok).toBe(true);

    const [french, english] = await Promise.all([
      joinSession(server, session.joinCode, 'Léa', 'online').then(({ token }) => page('phone', 'fr-FR', `/p#token=${token}`)),
      joinSession(server, session.joinCode, 'Liam', 'onsite').then(({ token }) => page('phone', 'en-GB', `/p#token=${token}`)),
    ]);
    const card = (p: Page) => p.locator('article.poll-card');
    await expect.poll(() => card(french).locator('legend').textContent()).toBe('Qu’est-ce qui compte le plus ?');
    expect(await card(french).locator('label.choice').allTextContents()).toEqual(['Parcs', 'Schools']);
    await expect.poll(() => card(english).locator('legend').textContent()).toBe('What matters most?');
    expect(await card(english).locator('label.choice').allTextContents()).toEqual(['Parks', 'Schools']);
    witness.close();
  });

  it('[PF2] a one-language session: one set of fields, plain texts, scale labels included', async () => {
    const session = await createSession(server, { languages: ['en'] });
    const witness = new TestClient(server.url, session.onlineModeratorToken);
    await witness.ready();
    const console = await page('laptop', 'en-GB', `/moderator#token=${session.onsiteModeratorToken}`);
    await newPoll(console, 'scale');
    expect(await console.locator('.poll-form fieldset.poll-language').count()).toBe(0);
    await console.locator('.poll-form').getByLabel('Question').fill('Is AI more a threat or an opportunity?');
    await console.getByLabel('Label of the lowest value').fill('mostly a threat');
    await console.getByLabel('Label of the highest value').fill('mostly an opportunity');
    await console.locator('.poll-form button[type=submit]').click();
    await witness.until((s) => Object.keys(s.polls).length === 1);
    expect(Object.values(witness.state!.polls)[0]).toMatchObject({
      kind: 'scale',
      question: 'Is AI more a threat or an opportunity?',
      minLabel: 'mostly a threat',
      maxLabel: 'mostly an opportunity',
      min: 1,
      max: 5,
    });
    witness.close();
  });
});
