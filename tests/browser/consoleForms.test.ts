import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { consoleSection, joinAsParticipant, launchBrowser, openIn, phoneContext, screenshot, waitConnected } from '../helpers/browser.js';

/**
 * [CF] Issue 17 in Chromium: the console's new in-place forms. Show of hands in a grid per table with a running
 * total and undo; a poll duplicated into a draft and launched in one step; an agenda part added with validation;
 * the roster searched and filtered; a private staff note written; a two-question questionnaire built in the
 * console (the organiser page's builder) and answered by a participant on a phone. No browser dialog opens at any point.
 */
describe('[CF] the console\'s grid, poll, agenda, roster and staff-note forms (1366×768)', () => {
  let server: TestServer;
  let browser: Browser;
  let session: Awaited<ReturnType<typeof createSession>>;
  let witness: TestClient;
  let page: Page;
  let pollId = '';
  const people: Record<string, string> = {};
  const dialogs: string[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    session = await createSession(server, { languages: ['en'] });
    witness = new TestClient(server.url, session.onlineModeratorToken);
    await witness.ready();
    for (const [name, table] of [['Ana', '1'], ['Bea', '1'], ['Cem', '2'], ['Dov', '2']] as const) people[name] = (await joinSession(server, session.joinCode, name, 'onsite', { table })).personId;
    people.Eli = (await joinSession(server, session.joinCode, 'Eli', 'online')).personId;
    const res = await witness.request('polls:create', { poll: { kind: 'single', question: 'Which bus line first?', options: ['Line A', 'Line B'] } });
    pollId = res.pollId;
    expect((await witness.request('polls:open', { pollId, durationSec: null })).ok).toBe(true);
    expect((await witness.request('polls:close', { pollId })).ok).toBe(true);
    page = await openIn(contexts, browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' }), `${server.url}/moderator#token=${session.onsiteModeratorToken}`);
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await waitConnected(page);
  }, 60_000);
  afterAll(async () => {
    expect(dialogs).toEqual([]);
    witness?.close();
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  }, 60_000);

  it('[CF1] show of hands per table: running total, save, undo', async () => {
    await consoleSection(page, 'polls');
    const line = page.locator('.finished-poll', { hasText: 'Which bus line first?' });
    await line.locator('> summary').click();
    await line.getByRole('button', { name: 'Enter show of hands' }).click();
    const grid = line.getByTestId('hands-grid');
    await grid.getByLabel(/Raised hands for .Line A. at table .1./).fill('3');
    await grid.getByLabel(/Raised hands for .Line A. at table .2./).fill('4');
    await grid.getByLabel(/Raised hands for .Line B. at table .2./).fill('2');
    await expect.poll(() => grid.getByTestId('hands-total').allTextContents()).toEqual(['7', '2']);
    await expect.poll(() => grid.getByRole('status').textContent()).toContain('Hands counted in all: 9');
    // A wrong cell is refused in place, nothing is sent.
    await grid.getByLabel(/Raised hands for .Line B. at table .1./).fill('two');
    await grid.getByRole('button', { name: 'Save the show of hands' }).click();
    await grid.getByRole('alert').filter({ hasText: 'whole number' }).waitFor();
    expect(witness.state!.showOfHands[pollId]).toBeUndefined();
    await grid.getByLabel(/Raised hands for .Line B. at table .1./).fill('1');
    await screenshot(page, 'console-hands-grid');
    await grid.getByRole('button', { name: 'Save the show of hands' }).click();
    await witness.until((s) => JSON.stringify(s.showOfHands[pollId]) === '[7,3]', 10_000);
    await grid.getByRole('button', { name: 'Undo' }).click();
    await witness.until((s) => JSON.stringify(s.showOfHands[pollId]) === '[0,0]', 10_000);
  }, 60_000);

  it('[CF2] a finished poll duplicated into a draft, launched in one step', async () => {
    const line = page.locator('.finished-poll', { hasText: 'Which bus line first?' });
    await line.getByTestId('poll-duplicate').click();
    await witness.until((s) => s.pollOrder.length === 2, 10_000);
    const copy = witness.state!.pollOrder[1];
    expect(witness.state!.polls[copy]).toMatchObject({ status: 'draft', question: 'Which bus line first?', options: ['Line A', 'Line B'] });
    await page.locator('.poll-card', { hasText: 'draft' }).getByTestId('poll-launch').click();
    await witness.until((s) => s.polls[copy].status === 'open', 10_000);
    await expect.poll(() => page.getByTestId('now-poll').textContent()).toContain('Which bus line first?');
  }, 60_000);

  it('[CF3] an agenda part added in place, with validation', async () => {
    await consoleSection(page, 'now');
    await page.getByRole('button', { name: 'Add a part' }).click();
    const form = page.getByTestId('agenda-add-form');
    await form.getByLabel('Planned minutes').fill('0');
    await form.getByLabel('Title of the new part').fill('Coffee break');
    await form.getByRole('button', { name: 'Add a part' }).click();
    await form.getByRole('alert').filter({ hasText: 'from 1 to 480' }).waitFor();
    await form.getByLabel('Planned minutes').fill('20');
    await form.getByRole('button', { name: 'Add a part' }).click();
    await witness.until((s) => s.agenda.some((p) => p.title === 'Coffee break' && p.minutes === 20), 10_000);
    await form.waitFor({ state: 'detached' });
  }, 60_000);

  it('[CF4] the roster is searched and filtered; a staff note is written and found', async () => {
    await consoleSection(page, 'people');
    const rows = page.locator('[data-testid=roster] > li');
    await page.getByTestId('people-filter').selectOption('table:2');
    await expect.poll(async () => (await rows.allTextContents()).map((t) => t.split(' (')[0])).toEqual(['Cem', 'Dov']);
    await page.getByTestId('people-filter').selectOption('online');
    await expect.poll(() => rows.count()).toBe(2); // Eli and the online moderator
    await page.getByTestId('people-filter').selectOption('all');
    const bea = page.locator(`[data-testid=roster] li[data-person="${people.Bea}"]`);
    await bea.getByRole('button', { name: /Private staff note \(moderators only\): .Bea./ }).click();
    await bea.getByTestId('staff-note-form').getByRole('textbox').fill('needs large print');
    await bea.getByTestId('staff-note-form').getByRole('button', { name: 'Save' }).click();
    await witness.until((s) => s.staffNotes?.[people.Bea] === 'needs large print', 10_000);
    await bea.getByTestId('staff-note').filter({ hasText: 'needs large print' }).waitFor();
    await page.getByTestId('people-search').fill('LARGE print');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-person')).toBe(people.Bea);
    await screenshot(page, 'console-people-note');
    // (Names inside translated texts are bidi-isolated, hence the "." around them in the patterns above.)
    // The public label is untouched: nobody else reads the note.
    expect(witness.state!.people[people.Bea].label).toBeNull();
  }, 60_000);

  it('[CF5] a questionnaire of two questions built in the console, opened, and answered on a phone', async () => {
    await consoleSection(page, 'polls');
    await page.getByTestId('console-new-questionnaire').locator('> summary').click();
    const builder = page.getByTestId('console-builder');
    // Sending nothing is refused in place.
    await builder.getByTestId('console-builder-send').click();
    await builder.getByRole('alert').waitFor();
    await builder.getByTestId('org-qn-title').fill('Before we leave');
    await builder.getByTestId('org-add-question').click();
    await builder.getByTestId('org-question').nth(0).getByTestId('org-question-kind').selectOption('yesno');
    await builder.getByTestId('org-question').nth(0).getByTestId('org-question-text-en').fill('Would you come again?');
    await builder.getByTestId('org-add-question').click();
    await builder.getByTestId('org-question').nth(1).getByTestId('org-question-kind').selectOption('open');
    await builder.getByTestId('org-question').nth(1).getByTestId('org-question-text-en').fill('What should change next time?');
    await builder.getByTestId('console-builder-send').click();
    await witness.until((s) => Object.values(s.questionnaires).some((q) => q.title === 'Before we leave'), 10_000);
    const qn = Object.values(witness.state!.questionnaires).find((q) => q.title === 'Before we leave')!;
    expect(qn.pollIds.map((id) => witness.state!.polls[id].kind)).toEqual(['yesno', 'open']);
    await expect.poll(() => builder.getByTestId('org-question').count()).toBe(0); // the builder is emptied for the next one
    const card = page.locator('article.questionnaire', { hasText: 'Before we leave' });
    await card.getByRole('button', { name: 'Open the questionnaire' }).click();
    await witness.until((s) => s.questionnaires[qn.id].status === 'open', 10_000);

    const phone = await openIn(contexts, phoneContext(browser), `${server.url}/join/${session.joinCode}`);
    await joinAsParticipant(phone, { name: 'Fay', modality: 'onsite' });
    const runner = phone.locator('article.questionnaire-runner[aria-label="Before we leave"]');
    await expect.poll(() => runner.locator('legend').first().textContent(), { timeout: 15_000 }).toBe('Would you come again?');
    await runner.locator('label.choice', { hasText: 'Yes' }).click();
    await runner.locator('button[type=submit]').click();
    await expect.poll(() => runner.locator('legend').first().textContent(), { timeout: 15_000 }).toBe('What should change next time?');
    await runner.getByRole('textbox').fill('More time in groups');
    await runner.locator('button[type=submit]').click();
    await runner.locator('.voted').waitFor({ timeout: 15_000 });
    await expect.poll(() => card.getByRole('status').textContent(), { timeout: 15_000 }).toContain('1 finished');
    await screenshot(page, 'console-questionnaire-built');
  }, 90_000);
});
