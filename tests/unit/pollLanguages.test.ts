import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PollInputSchema, PollSchema } from '../../shared/domain/polls/schemas.js';
import { COMMANDS } from '../../shared/protocol/registry.js';
import { pickLocalized } from '../../client/src/i18n/i18n.js';
import { demoQuestionnaires } from '../../server/demo/demoPolls.js';

const parse = (x: Record<string, unknown>) => PollInputSchema.safeParse({ kind: 'single', question: 'Q', options: ['a', 'b'], ...x });

describe('[L1] poll texts: a plain string or a map language → text', () => {
  it('accepts plain strings and per-language maps, stored as given (trimmed)', () => {
    const r = parse({ question: { en: ' Which? ', fr: 'Laquelle ?' }, options: ['a', { en: 'Yes', fr: 'Oui' }] });
    expect(r.success).toBe(true);
    expect(r.data!.question).toEqual({ en: 'Which?', fr: 'Laquelle ?' });
    expect(r.data!.options[1]).toEqual({ en: 'Yes', fr: 'Oui' });
    expect(parse({ kind: 'scale', options: [], minLabel: { en: 'low', fr: 'bas' } }).data!.minLabel).toEqual({ en: 'low', fr: 'bas' });
    expect(parse({}).data!.minLabel).toBe('');
  });

  it('keeps the length limits in every language and needs at least one text', () => {
    expect(parse({ question: { en: 'x'.repeat(301) } }).success).toBe(false);
    expect(parse({ question: { en: 'ok', fr: 'x'.repeat(301) } }).success).toBe(false);
    expect(parse({ options: ['a', { en: 'y'.repeat(121) }] }).success).toBe(false);
    expect(parse({ question: {} }).success).toBe(false);
    expect(parse({ question: { en: '  ' } }).success).toBe(false);
    expect(parse({ question: '' }).success).toBe(false);
    expect(parse({ options: ['a', {}] }).success).toBe(false);
  });

  it('refuses keys that are not language codes, and more than 12 languages', () => {
    expect(parse({ question: { English: 'Q' } }).success).toBe(false);
    expect(parse({ question: { 'pt-BR': 'Q' } }).success).toBe(true);
    const many = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`l${String.fromCharCode(97 + i)}`, 'Q']));
    expect(parse({ question: many }).success).toBe(false);
  });

  it('the command payload and the logged poll accept both forms', () => {
    const cmd = COMMANDS['polls:create'].payload.safeParse({ cid: 'cid-000001', poll: { kind: 'yesno', question: { en: 'Q', fr: 'Q ?' } } });
    expect(cmd.success).toBe(true);
    const logged = { id: 'p', kind: 'single', question: { en: 'Q' }, options: ['a', { fr: 'b' }], maxChoices: null, min: 0, max: 0, minLabel: '', maxLabel: { en: '' } };
    expect(PollSchema.safeParse({ ...logged, target: { kind: 'plenary' }, resultsVisibility: 'live', status: 'open', questionnaireId: null, openedAt: 1, closedAt: null, deadline: null }).success).toBe(true);
  });
});

describe('[L2] each person reads their own language, else the session\'s first, else any', () => {
  const q = { en: 'Which?', fr: 'Laquelle ?' };
  it('picks the person\'s language and says which', () => {
    expect(pickLocalized(q, 'fr', ['en'])).toEqual({ text: 'Laquelle ?', lang: 'fr' });
    expect(pickLocalized(q, 'en', ['en'])).toEqual({ text: 'Which?', lang: 'en' });
  });
  it('falls back to the session\'s languages in order, then to any language, and leaves plain strings alone', () => {
    expect(pickLocalized(q, 'ar', ['fr', 'en'])).toEqual({ text: 'Laquelle ?', lang: 'fr' });
    expect(pickLocalized({ es: '¿Cuál?' }, 'ar', ['en'])).toEqual({ text: '¿Cuál?', lang: 'es' });
    expect(pickLocalized({ en: '', fr: 'Oui' }, 'en', [])).toEqual({ text: 'Oui', lang: 'fr' });
    expect(pickLocalized('Plain', 'fr', ['en'])).toEqual({ text: 'Plain', lang: null });
  });
});

describe('[L3] the demo day has a bilingual questionnaire', () => {
  it('the AI questionnaire is given in English and French, every text of it', () => {
    const raw = JSON.parse(readFileSync(new URL('../../server/demo/dialogue-day.json', import.meta.url), 'utf8')) as { questionnaires: Array<{ theme: string; polls: unknown[] }> };
    const ai = demoQuestionnaires(raw.questionnaires)[0];
    expect(ai.title).toBe('Artificial intelligence');
    for (const p of ai.polls) {
      expect(p.question).toMatchObject({ en: expect.any(String), fr: expect.any(String) });
      for (const o of p.options) expect(o).toMatchObject({ en: expect.any(String), fr: expect.any(String) });
    }
    expect(pickLocalized(ai.polls[0].question, 'fr', ['en']).text).toBe('Pour vous, l\'IA est-elle plutôt une menace ou plutôt une chance ?');
  });
});
