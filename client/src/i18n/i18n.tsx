import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import en from './en.json';
import { own } from '../../../shared/domain/keyed.js';

export type MessageKey = keyof typeof en;
/**
 * The dictionaries loaded so far. English is in the main bundle (every key's fallback); the others are fetched
 * when a person's language needs them (loadLanguage), so a phone downloads one language, not four.
 */
export const DICTIONARIES: Record<string, Record<string, string>> = { en };
const LOADERS: Record<string, () => Promise<{ default: Record<string, string> }>> = {
  fr: () => import('./fr.json'),
  es: () => import('./es.json'),
  ar: () => import('./ar.json'),
};

/** Fetches a language's dictionary once (a failed fetch leaves English in place and may be tried again). */
export async function loadLanguage(lang: string): Promise<void> {
  if (own(DICTIONARIES, lang) || !own(LOADERS, lang)) return;
  try {
    DICTIONARIES[lang] = (await own(LOADERS, lang)!()).default;
  } catch {
    // Offline or a failed chunk: the page stays readable in English; the next choice tries again.
  }
}

/** The language the app starts in, before React: main.tsx loads its dictionary first. */
export function initialLanguage(): string {
  return pickLanguage(readSaved() ?? serverLanguage(), typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]);
}

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
  { code: 'es', name: 'Español' },
  { code: 'ar', name: 'العربية' },
] as const;
const RTL = new Set(['ar']);
const STORAGE_KEY = 'dr:lang';

const KNOWN = new Set<string>(LANGUAGES.map((l) => l.code));

export function pickLanguage(saved: string | null, browser: readonly string[]): string {
  if (saved && KNOWN.has(saved)) return saved;
  for (const b of browser) {
    const base = b.toLowerCase().split('-')[0];
    if (KNOWN.has(base)) return base;
  }
  return 'en';
}

export function translate(lang: string, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = own(DICTIONARIES, lang)?.[key] ?? en[key] ?? key;
  // String values (names, URLs) are bidi-isolated (FSI…PDI): a Latin URL or name inside Arabic text keeps its own order.
  return vars ? text.replace(/\{(\w+)\}/g, (_, k) => (typeof vars[k] === 'string' ? `\u2068${vars[k]}\u2069` : String(vars[k] ?? ''))) : text;
}

/** Keys that have plural forms: `<base>.one`, `<base>.other`, and in a language that needs them `.two`, `.few`, `.many`. */
export type PluralBase = { [K in MessageKey]: K extends `${infer B}.other` ? (`${B}.one` extends MessageKey ? B : never) : never }[MessageKey];

/**
 * A counted text in the language's own plural form (CLDR rules through Intl.PluralRules): Arabic has six forms,
 * French counts 0 as singular. A language's file holds the forms it uses; a missing form falls back to `.other`.
 * A base with a `.zero` text says "none" in words in every language ("no answers yet", not "0 answers" nor
 * French's singular). `{count}` is filled with the number, `vars` with the rest.
 */
export function translatePlural(lang: string, base: PluralBase, count: number, vars?: Record<string, string | number>): string {
  const dict = own(DICTIONARIES, lang) ?? en;
  let form = 'other';
  try {
    form = new Intl.PluralRules(lang).select(count);
  } catch {
    // An unknown language tag: the general form.
  }
  if (count === 0 && `${base}.zero` in en) form = 'zero';
  const key = (`${base}.${form}` in dict ? `${base}.${form}` : `${base}.other`) as MessageKey;
  return translate(lang, key, { ...vars, count });
}

/**
 * Text the moderators gave in several languages (a poll question, an option): the person's language,
 * else the first of `fallbacks` present (e.g. the session's languages), else any. Returns the language
 * actually used, so the caller can set `lang` on the element for screen readers.
 */
export function pickLocalized(texts: string | Readonly<Record<string, string>>, lang: string, fallbacks: readonly string[] = []): { text: string; lang: string | null } {
  if (typeof texts === 'string') return { text: texts, lang: null };
  for (const l of [lang, ...fallbacks]) {
    // Own keys only: a language code never finds an inherited member of the map.
    const text = own(texts, l);
    if (text?.trim()) return { text, lang: l };
  }
  const any = Object.entries(texts).find(([, v]) => v.trim());
  return any ? { text: any[1], lang: any[0] } : { text: '', lang: null };
}

interface I18n {
  lang: string;
  dir: 'ltr' | 'rtl';
  setLang(lang: string): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** A counted text in the person's language (see translatePlural). */
  tp(base: PluralBase, count: number, vars?: Record<string, string | number>): string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState(initialLanguage);
  const value = useMemo<I18n>(() => {
    const dir = RTL.has(lang) ? 'rtl' : 'ltr';
    document.documentElement.lang = lang;
    document.documentElement.dir = dir;
    return {
      lang,
      dir,
      setLang(l) {
        try {
          localStorage.setItem(STORAGE_KEY, l);
        } catch {
          /* private mode: the choice lasts for this page */
        }
        // The words arrive before the switch: no screen in a half-loaded language.
        void loadLanguage(l).then(() => setLangState(l));
      },
      t: (key, vars) => translate(lang, key, vars),
      tp: (base, count, vars) => translatePlural(lang, base, count, vars),
    };
  }, [lang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The language a server-written page (the join page) was written in: the app goes on in it. */
function serverLanguage(): string | null {
  return typeof document === 'undefined' ? null : (document.documentElement.dataset.serverLang ?? null);
}

function readSaved(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * A part of the page in another language than the person's (the builder's phone preview): texts and the
 * moderators' per-language texts follow `lang`; the page's own language and the person's choice stay as they are.
 * The language's words are loaded on demand (English until then).
 */
export function LanguageScope({ lang, children }: { lang: string; children: ReactNode }) {
  const outer = useI18n();
  const [, setLoaded] = useState(0);
  useEffect(() => {
    if (!own(DICTIONARIES, lang) && own(LOADERS, lang)) void loadLanguage(lang).then(() => setLoaded((n) => n + 1));
  }, [lang]);
  const dir = RTL.has(lang) ? 'rtl' : 'ltr';
  const value: I18n = {
    lang,
    dir,
    setLang: outer.setLang,
    t: (key, vars) => translate(lang, key, vars),
    tp: (base, count, vars) => translatePlural(lang, base, count, vars),
  };
  return (
    <Ctx.Provider value={value}>
      <div lang={lang} dir={dir}>
        {children}
      </div>
    </Ctx.Provider>
  );
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
