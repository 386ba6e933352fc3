import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../client/src/i18n/en.json';
import fr from '../../client/src/i18n/fr.json';
import es from '../../client/src/i18n/es.json';
import ar from '../../client/src/i18n/ar.json';
import { DICTIONARIES, loadLanguage, pickLanguage, pickLocalized, translate, translatePlural, type PluralBase } from '../../client/src/i18n/i18n.js';

// Only English is built in; the others load on demand (as main.tsx does for the person's language).
beforeAll(async () => {
  for (const l of ['fr', 'es', 'ar']) await loadLanguage(l);
});

const DICTS: Record<string, Record<string, string>> = { en, fr, es, ar };
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
// A counted text has `.one` and `.other` (other keys merely end in `.other`, like `closed.other`).
const PLURAL_BASES = Object.keys(en)
  .filter((k) => k.endsWith('.other'))
  .map((k) => k.slice(0, -'.other'.length))
  .filter((b) => `${b}.one` in en);
/** `<base>.two|few|many` of a counted text that en has, in a language whose plural rules have that form (Arabic). */
const isOwnPluralForm = (lang: string, key: string) => {
  const m = /^(.*)\.(zero|two|few|many)$/.exec(key);
  return !!m && PLURAL_BASES.includes(m[1]) && !(key in en) && new Intl.PluralRules(lang).resolvedOptions().pluralCategories.includes(m[2] as Intl.LDMLPluralRule);
};

describe('translations', () => {
  for (const [lang, dict] of Object.entries(DICTS)) {
    it(`[L1] ${lang} has every key of en, no extra key except its own plural forms, no empty text`, () => {
      expect(Object.keys(dict).filter((k) => !isOwnPluralForm(lang, k)).sort()).toEqual(Object.keys(en).sort());
      expect(Object.entries(dict).filter(([, v]) => !v.trim())).toEqual([]);
    });
    it(`[L2] ${lang} keeps the same {placeholders} as en`, () => {
      const wrong = Object.keys(en).filter((k) => JSON.stringify(placeholders(dict[k] ?? '')) !== JSON.stringify(placeholders(en[k as keyof typeof en])));
      expect(wrong).toEqual([]);
    });
  }

  it('[L3] fr, es and ar are translated, not copies of en', () => {
    for (const lang of ['fr', 'es', 'ar']) {
      const same = Object.keys(en).filter((k) => DICTS[lang][k] === en[k as keyof typeof en] && k !== 'app.name');
      // A few words are spelled alike ("Participant", "{n} min"); a copied file would be mostly the same.
      expect(same.length / Object.keys(en).length, `${lang}: ${same.join(', ')}`).toBeLessThan(0.05);
    }
  });

  it('[L4] every literal key used with t() in the client exists in en.json', () => {
    const root = path.resolve(import.meta.dirname, '../../client/src');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    const missing: string[] = [];
    for (const f of files) {
      const src = readFileSync(path.join(root, f), 'utf8');
      for (const m of src.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) if (!(m[1] in en)) missing.push(`${f}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('[L5] the default language follows the browser, a saved choice wins, English is the fallback', () => {
    expect(Object.keys(DICTIONARIES).sort()).toEqual(['ar', 'en', 'es', 'fr']);
    expect(pickLanguage(null, ['fr-FR', 'en'])).toBe('fr');
    expect(pickLanguage(null, ['de-DE', 'es-MX'])).toBe('es');
    expect(pickLanguage('ar', ['fr-FR'])).toBe('ar');
    expect(pickLanguage(null, ['de-DE'])).toBe('en');
    expect(translate('fr', 'conn.pendingKept.other', { count: 3 })).toBe('3 actions en attente d\'envoi');
    // A Latin URL inside Arabic text is isolated so the bidi algorithm does not reorder it.
    expect(translate('ar', 'projector.joinAt', { url: 'example.org/join' })).toContain('\u2068example.org/join\u2069');
  });

  it('[L7] counted texts have every plural form each language uses, and say the count in it', () => {
    for (const [lang, dict] of Object.entries(DICTS)) {
      const rules = new Intl.PluralRules(lang);
      for (const base of PLURAL_BASES) {
        for (let n = 1; n <= 200; n++) {
          const form = rules.select(n);
          // `one` and (Arabic) `two` name their number in words; every other form must show it.
          if (form === 'one' || form === 'two') expect(dict, `${lang} ${base}.${form}`).toHaveProperty([`${base}.${form}`]);
          else expect(translatePlural(lang, base as PluralBase, n), `${lang} ${base} ${n}`).toContain(String(n));
        }
        if (lang === 'ar') for (const f of ['two', 'few', 'many']) expect(dict, `ar ${base}.${f}`).toHaveProperty([`${base}.${f}`]);
      }
    }
    expect(translatePlural('en', 'conn.pendingKept', 2)).toBe('2 actions waiting to be sent');
    expect(translatePlural('fr', 'conn.pendingKept', 1)).toBe("1 action en attente d'envoi");
    expect(translatePlural('es', 'conn.pendingKept', 2)).toBe('2 acciones pendientes de envío');
    expect(translatePlural('ar', 'conn.pendingKept', 2)).toBe('إجراءان بانتظار الإرسال');
    expect(translatePlural('ar', 'conn.pendingKept', 3)).toBe('3 إجراءات بانتظار الإرسال');
    expect(translatePlural('ar', 'conn.pendingKept', 11)).toBe('11 إجراءً بانتظار الإرسال');
  });

  it('[L6] multilingual content (poll texts): own language first, then the fallbacks, then any', () => {
    const q = { en: 'Which topic first?', fr: 'Quel thème d\'abord ?', es: '' };
    expect(pickLocalized(q, 'fr', ['en'])).toEqual({ text: "Quel thème d'abord ?", lang: 'fr' });
    expect(pickLocalized(q, 'es', ['en', 'fr'])).toEqual({ text: 'Which topic first?', lang: 'en' }); // empty counts as missing
    expect(pickLocalized(q, 'ar', ['de'])).toEqual({ text: 'Which topic first?', lang: 'en' });
    expect(pickLocalized('Plain text', 'ar')).toEqual({ text: 'Plain text', lang: null });
  });
});
