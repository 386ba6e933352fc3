import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestClient } from '../helpers/clients.js';
import { horizontalOverflow, joinAsParticipant, laptopContext, launchBrowser, phoneContext, screenshot, SCREENSHOTS, startProduct, type Product } from '../helpers/browser.js';

/** The four screens a page is looked at on (phone, tablet, laptop, the hall's wall). */
const SCREENS = { phone: { width: 360, height: 640 }, tablet: { width: 768, height: 1024 }, laptop: { width: 1280, height: 800 }, wall: { width: 1920, height: 1080 } } as const;

/**
 * Issue 19, organiser page: the organiser enters the key once, starts from the demo template, edits and reorders
 * the agenda (one part titled in English and French), builds a questionnaire with three kinds in English and
 * French with one conditional question, previews it as a phone shows it, and creates the session; a French phone
 * opens the participant link, joins, sees the part's French title, and once the moderator opens the questionnaire
 * sees it in French, the conditional question only after the matching answer.
 */
describe('the organiser page', () => {
  let product: Product;
  let browser: Browser;
  let laptop: BrowserContext;
  let phone: BrowserContext;
  let page: Page;
  let key: string;
  let witness: TestClient | null = null;
  const QN = 'Our neighbourhood';

  const api = async (url: string) => (await fetch(product.url + url, { headers: { 'x-organiser-key': key } })).json();
  const part = (i: number) => page.locator('[data-testid=org-part]').nth(i);
  const question = (i: number) => page.locator('[data-testid=org-question]').nth(i);
  const partTitles = () => page.locator('[data-testid=org-part-title-en]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));

  beforeAll(async () => {
    [product, browser] = await Promise.all([startProduct(), launchBrowser()]);
    key = product.output().match(/Organiser key \(.*?\): (\S+)/)![1];
    [laptop, phone] = await Promise.all([laptopContext(browser), phoneContext(browser, { locale: 'fr-FR' })]);
    page = await laptop.newPage();
  }, 60_000);
  afterAll(async () => {
    witness?.close();
    await laptop?.close();
    await phone?.close();
    await browser?.close();
    await product?.stop();
  });

  it('[O1] the key is entered once per browser; the list shows the demo session and the localhost warning when links point there', async () => {
    await page.goto(`${product.url}/organiser`);
    await page.getByTestId('org-key').fill('not-the-key-at-all');
    await page.getByRole('button', { name: 'Open the organiser page' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('refused');
    await page.getByTestId('org-key').fill(key);
    await page.getByRole('button', { name: 'Open the organiser page' }).click();
    await page.getByTestId('org-session').first().waitFor();
    expect(await page.getByTestId('org-session').count()).toBe(1);
    const info = await api('/api/organiser');
    expect(await page.getByTestId('org-localhost').isVisible()).toBe(info.localOnly);
    await page.reload();
    await page.getByTestId('org-session').first().waitFor(); // no key asked again
    expect(await page.getByTestId('org-key').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('dr:organiserKey'))).toBe(key);
    // The session's set-up leaves as a template file, fetched with the key (never in the address).
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('org-session').first().getByTestId('org-export').click()]);
    const template = JSON.parse(readFileSync(await file.path(), 'utf8')) as { kind: string; title: string; agenda: unknown[] };
    expect(template.kind).toBe('dialogue-room/session-template');
    expect(template.agenda.length).toBeGreaterThan(0);
    expect(file.suggestedFilename()).toMatch(/^template-[A-Z0-9]+\.json$/);
  }, 30_000);

  it('[O2] the demo template is loaded, its agenda edited, reordered and shortened', async () => {
    await page.getByTestId('org-demo').click();
    await page.getByTestId('org-base').waitFor();
    const demo = await partTitles();
    expect(demo.length).toBe(8);
    expect(demo[0]).toBe('Welcome and why we are here');
    await part(0).getByTestId('org-part-title-en').fill('Welcome, coffee and why we are here');
    await part(0).getByTestId('org-part-title-fr').fill('Bienvenue, café et pourquoi nous sommes là');
    await part(0).getByTestId('org-part-prompt-fr').fill('Prenez un café et installez-vous.');
    await part(1).getByTestId('org-up').click(); // "Learning…" goes first
    await part(7).getByTestId('org-remove').click();
    await page.getByTestId('org-add-part').click();
    await part(7).getByTestId('org-part-title-en').fill('Closing words');
    const edited = await partTitles();
    expect(edited.slice(0, 2)).toEqual([demo[1], 'Welcome, coffee and why we are here']);
    expect(edited.slice(2, 7)).toEqual(demo.slice(2, 7));
    expect(edited[7]).toBe('Closing words');
    await page.getByTestId('org-title').fill('Citizens day, Lyon');
    await page.getByTestId('org-lang-es').uncheck();
    expect(await page.getByTestId('org-lang-en').isChecked()).toBe(true);
    expect(await page.getByTestId('org-lang-fr').isChecked()).toBe(true);
    await page.getByTestId('org-privacy-fr').fill('Vos réponses restent anonymes.');
    await page.getByTestId('org-hotline').fill('+33 4 72 00 00 00');
  }, 30_000);

  it('[O3] a questionnaire of three kinds in English and French, reordered, becomes part of the created session', async () => {
    await page.getByTestId('org-qn-title').fill(QN);
    const add = async (kind: string, en: string, fr: string, options?: [string, string]) => {
      await page.getByTestId('org-add-question').click();
      const q = page.locator('[data-testid=org-question]').last();
      await q.getByTestId('org-question-kind').selectOption(kind);
      await q.getByTestId('org-question-text-en').fill(en);
      await q.getByTestId('org-question-text-fr').fill(fr);
      if (options) {
        await q.getByTestId('org-question-options-en').fill(options[0]);
        await q.getByTestId('org-question-options-fr').fill(options[1]);
      }
    };
    await add('open', 'What would you change first?', "Que changeriez-vous d'abord ?");
    await add('single', 'How do you get to work?', 'Comment allez-vous au travail ?', ['On foot\nBy bike\nBy car', 'À pied\nÀ vélo\nEn voiture']);
    await add('scale', 'How safe do you feel here?', 'Vous sentez-vous en sécurité ici ?');
    await question(1).getByTestId('org-up').click(); // the single-choice question goes first
    // The open question only for those who come by car; only the earlier choice question is offered.
    const cond = question(1).getByTestId('org-showif');
    expect(await cond.locator('option').count()).toBe(2); // "always" and question 1
    await cond.selectOption({ index: 1 });
    expect(await question(1).getByTestId('org-showif-option').count()).toBe(3);
    await question(1).getByTestId('org-showif-option').nth(2).check();
    expect(await question(2).getByTestId('org-showif').locator('option').count()).toBe(2); // the open question is no condition

    // The preview: the participant's runner in French in a phone-sized frame; the open question follows "En voiture" only.
    await page.getByTestId('org-preview-toggle').click();
    await page.getByTestId('org-preview-lang').selectOption('fr');
    const phoneFrame = page.getByTestId('org-preview-phone');
    await expect.poll(() => phoneFrame.locator('legend').first().textContent()).toBe('Comment allez-vous au travail ?');
    expect((await phoneFrame.boundingBox())!.width).toBeLessThanOrEqual(360);
    expect(await phoneFrame.getByRole('status').first().textContent()).toContain('Question 1 sur 2');
    await phoneFrame.locator('label.choice', { hasText: 'En voiture' }).click();
    await phoneFrame.locator('button[type=submit]').click();
    await expect.poll(() => phoneFrame.locator('legend').first().textContent()).toBe("Que changeriez-vous d'abord ?");
    expect(await phoneFrame.getByRole('status').first().textContent()).toContain('Question 2 sur 3');
    for (const [name, size] of Object.entries(SCREENS)) {
      await page.setViewportSize(size);
      expect(await horizontalOverflow(page), name).toBe(0);
      await screenshot(page, `organiser-form-${name}`);
      await phoneFrame.screenshot({ path: path.join(SCREENSHOTS, `organiser-preview-${name}.png`) });
    }
    await page.setViewportSize(SCREENS.laptop);
    await page.getByTestId('org-create').click();
    await page.getByTestId('org-created').waitFor();
    await expect.poll(() => page.getByTestId('org-session').count()).toBe(2);

    const { sessions } = await api('/api/sessions');
    const created = sessions.find((s: { title: string }) => s.title === 'Citizens day, Lyon');
    expect(created.languages).toEqual(['en', 'fr']);
    const tpl = await api(`/api/sessions/${created.sessionId}/template.json`);
    // A title written in one language stays a plain string; the part titled in two languages carries both.
    const titles = tpl.agenda.map((p: { title: string | Record<string, string> }) => (typeof p.title === 'string' ? p.title : p.title.en));
    expect(titles).toEqual(await partTitles());
    expect(tpl.agenda[1].title).toEqual({ en: 'Welcome, coffee and why we are here', fr: 'Bienvenue, café et pourquoi nous sommes là' });
    expect(tpl.agenda[1].prompt).toBe('Prenez un café et installez-vous.');
    expect(typeof tpl.agenda[0].title).toBe('string');
    const qn = tpl.questionnaires.find((q: { title: string }) => q.title === QN);
    const kinds = qn.pollIds.map((id: string) => tpl.polls.find((p: { id: string }) => p.id === id));
    expect(kinds.map((p: { kind: string }) => p.kind)).toEqual(['single', 'open', 'scale']);
    expect(kinds[0].question).toEqual({ en: 'How do you get to work?', fr: 'Comment allez-vous au travail ?' });
    expect(kinds[0].options).toEqual([{ en: 'On foot', fr: 'À pied' }, { en: 'By bike', fr: 'À vélo' }, { en: 'By car', fr: 'En voiture' }]);
    expect(kinds[1].showIf).toEqual({ question: 0, options: [2] });
    expect(kinds[2].showIf).toBeUndefined();
    const code = new URL(await page.getByTestId('org-created').getByTestId('org-link-join').inputValue()).pathname.split('/').pop()!;
    const lookup = await (await fetch(`${product.url}/api/join/${code}`)).json();
    expect(lookup.privacyNotice).toEqual({ fr: 'Vos réponses restent anonymes.' });
    expect(lookup.hotline).toBe('+33 4 72 00 00 00');
    const demo = await api('/api/templates/demo.json');
    expect(demo.questionnaires.length).toBeGreaterThan(0);
    expect(tpl.questionnaires.length).toBe(demo.questionnaires.length + 1); // the demo's, and this one
    expect(tpl.polls.length).toBe(demo.polls.length + 3);
    await screenshot(page, 'organiser-laptop-created');
  }, 60_000);

  it('[O4] a French phone opens the join link, joins, and sees the questionnaire in French once the moderator opens it', async () => {
    const joinUrl = await page.getByTestId('org-created').getByTestId('org-link-join').inputValue();
    const modUrl = await page.getByTestId('org-created').getByTestId('org-link-online').inputValue();
    const phonePage = await phone.newPage();
    await phonePage.goto(joinUrl);
    await joinAsParticipant(phonePage, { name: 'Odile', modality: 'onsite' });

    witness = new TestClient(product.url, new URLSearchParams(new URL(modUrl).hash.slice(1)).get('token')!);
    await witness.ready();
    // The part titled in two languages runs: the French phone reads its French title.
    const welcome = witness.state!.agenda.find((p) => typeof p.title !== 'string')!;
    expect((await witness.request('agenda:start', { partId: welcome.id })).ok).toBe(true);
    await expect.poll(() => phonePage.locator('[data-testid=current-part]').first().textContent(), { timeout: 15_000 }).toBe('Bienvenue, café et pourquoi nous sommes là');

    const qn = Object.values(witness.state!.questionnaires).find((q) => q.title === QN)!;
    expect(Object.values(witness.state!.questionnaires).every((q) => q.status === 'draft')).toBe(true);
    expect((await witness.request('polls:openQuestionnaire', { questionnaireId: qn.id })).ok).toBe(true);

    const runner = phonePage.locator(`article.questionnaire-runner[aria-label="${QN}"]`);
    await expect.poll(() => runner.locator('legend').first().textContent(), { timeout: 15_000 }).toBe('Comment allez-vous au travail ?');
    expect(await runner.locator('label.choice').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('À pied')]));
    // On foot: the open question (only for those who come by car) is not shown; the scale follows.
    await runner.locator('label.choice', { hasText: 'À pied' }).click();
    await runner.locator('button[type=submit]').click();
    await expect.poll(() => runner.locator('legend').first().textContent(), { timeout: 15_000 }).toBe('Vous sentez-vous en sécurité ici ?');
    expect(await runner.getByRole('status').first().textContent()).toContain('Question 2 sur 2');
    // Back to the first question, by car: the open question appears before the scale.
    await runner.getByRole('button', { name: 'Question précédente' }).click();
    await runner.locator('label.choice', { hasText: 'En voiture' }).click();
    await runner.locator('button[type=submit]').click();
    await expect.poll(() => runner.locator('legend').first().textContent(), { timeout: 15_000 }).toBe("Que changeriez-vous d'abord ?");
    await screenshot(phonePage, 'organiser-phone-participant-fr');
  }, 60_000);

  it('[O5] on a phone the page fits the screen; delete asks in place and can be cancelled', async () => {
    const p = await phone.newPage();
    await p.goto(`${product.url}/organiser`);
    await p.getByTestId('org-key').fill(key);
    await p.getByTestId('org-key').press('Enter');
    await p.getByTestId('org-session').first().waitFor();
    const card = p.getByTestId('org-session').first();
    await card.getByTestId('org-delete').click();
    expect(await card.getByRole('status').textContent()).toContain('Citizens day, Lyon');
    await card.getByRole('button', { name: 'Annuler' }).click();
    expect(await p.getByTestId('org-session').count()).toBe(2);
    await p.getByTestId('org-demo').click();
    await p.getByTestId('org-base').waitFor();
    await p.getByTestId('org-add-question').click();
    expect(await horizontalOverflow(p)).toBe(0);
    await screenshot(p, 'organiser-phone');
  }, 60_000);
});
