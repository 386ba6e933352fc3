// No zod: the client uses this file.
import type { SessionState, WorksheetSection } from '../state.js';
import { own } from '../keyed.js';

/**
 * The sections of sessions that define none (and of every log written before sections were data): the three
 * the worksheets always had, with the same ids, so old sheets' text stays under its heading.
 */
export const DEFAULT_WORKSHEET_SECTIONS: readonly WorksheetSection[] = [
  { id: 'hopes', title: { en: 'Our hopes', fr: 'Nos espoirs', es: 'Nuestras esperanzas', ar: 'آمالنا' } },
  { id: 'fears', title: { en: 'Our fears', fr: 'Nos craintes', es: 'Nuestros temores', ar: 'مخاوفنا' } },
  { id: 'recommendations', title: { en: 'Our recommendations', fr: 'Nos recommandations', es: 'Nuestras recomendaciones', ar: 'توصياتنا' } },
];

/** The session's default sections. */
export function sessionSections(state: Pick<SessionState, 'worksheetSections'>): readonly WorksheetSection[] {
  return state.worksheetSections?.length ? state.worksheetSections : DEFAULT_WORKSHEET_SECTIONS;
}

/** What a sheet asks now: the running part's sections, or the session's when it defines none or nothing runs. */
export function currentSections(state: Pick<SessionState, 'worksheetSections' | 'agenda' | 'agendaRun'>): readonly WorksheetSection[] {
  const id = state.agendaRun.currentId;
  const part = id ? state.agenda.find((p) => p.id === id) : undefined;
  return part?.sections?.length ? part.sections : sessionSections(state);
}

/** Every section the session defines (its default, then each part's), each id once, in that order: the report's. */
export function allSections(state: Pick<SessionState, 'worksheetSections' | 'agenda'>): WorksheetSection[] {
  const out: WorksheetSection[] = [];
  const seen = new Set<string>();
  for (const s of [...sessionSections(state), ...state.agenda.flatMap((p) => p.sections ?? [])]) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    out.push(s);
  }
  return out;
}

/** A section's title in `lang` (else the first of `fallbacks` that has one, else any). */
export function sectionTitle(section: WorksheetSection, lang: string, fallbacks: readonly string[] = []): string {
  if (typeof section.title === 'string') return section.title;
  for (const l of [lang, ...fallbacks]) {
    const t = own(section.title, l);
    if (t?.trim()) return t;
  }
  return Object.values(section.title).find((t) => t.trim()) ?? section.id;
}
