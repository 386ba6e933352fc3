import { z } from 'zod';
import { LanguageCode, LIMITS } from './primitives.js';
import { localizedText } from '../domain/polls/schemas.js';
import { MaterialInput } from '../domain/schemas.js';

/** Agenda and worksheet-section input, shared by the HTTP bodies and the session template (no other imports, so both can use it). */
/**
 * A title as an organiser writes it: one string (older logs and templates: the hall's language) or one per
 * language, with a text in at least one language (a viewer falls back to the session's first language).
 */
export const LocalizedTitleInput = z.union([
  z.string().trim().min(1).max(LIMITS.titleLength),
  z.record(LanguageCode, z.string().trim().max(LIMITS.titleLength)).refine((r) => Object.values(r).some((t) => t.length > 0), 'a title in at least one language'),
]);

/** One worksheet section as an organiser writes it: a short id (the text stays with it) and a title, per language or not. */
export const WorksheetSectionInput = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'section id: lowercase letters, digits, - and _'),
  title: LocalizedTitleInput,
});
export const WorksheetSectionsInput = z
  .array(WorksheetSectionInput)
  .min(1)
  .max(12)
  .refine((a) => new Set(a.map((x) => x.id)).size === a.length, 'section ids must differ');

export const AgendaPartInput = z.strictObject({
  /** Plain (the hall's language) or per session language. */
  title: LocalizedTitleInput,
  minutes: z.number().int().min(1).max(600),
  room: z.enum(['plenary', 'breakouts']).default('plenary'),
  /** The part's worksheet sections (group questions); absent: the session's. */
  sections: WorksheetSectionsInput.optional(),
  /** A short prompt shown on phones while the part runs, plain or per language. */
  prompt: localizedText(300, false).optional(),
  /** Links to the part's material (briefing video, glossary), https only. */
  materials: z.array(MaterialInput).max(8).optional(),
});

