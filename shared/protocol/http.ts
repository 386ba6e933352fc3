import { z } from 'zod';
import { DisplayName, Label, LanguageCode, LIMITS, Modality } from './primitives.js';
import { ProfileQuestionsInput } from '../domain/profile/schemas.js';
import { TemplateInput } from '../report/templateInput.js';

/** HTTP bodies and responses. Every route parses its body with one of these. */
export { WorksheetSectionInput, WorksheetSectionsInput, AgendaPartInput } from './agendaInput.js';
import { WorksheetSectionsInput, AgendaPartInput } from './agendaInput.js';

/** A notice is one or two sentences: longer text belongs in the organisers' own documents. */
export const PRIVACY_NOTICE_LENGTH = 400;
export const PrivacyNotice = z
  .record(LanguageCode, z.string().trim().min(1).max(PRIVACY_NOTICE_LENGTH))
  .refine((r) => Object.keys(r).length <= 20, 'at most 20 languages');
/** A phone number as people dial it: digits, spaces, + ( ) . - / only. */
export const Hotline = z.string().trim().min(3).max(40).regex(/^\+?[0-9][0-9 ().\/-]*$/, 'hotline: a phone number');

export const CreateSessionBody = z.strictObject({
  title: z.string().trim().min(1).max(LIMITS.titleLength),
  languages: z.array(LanguageCode).min(1).max(20).default(['en']),
  agenda: z.array(AgendaPartInput).max(100).default([]),
  /** Default worksheet sections for parts that define none; absent: hopes, fears, recommendations. */
  worksheetSections: WorksheetSectionsInput.optional(),
  moderatorNames: z
    .strictObject({ onsite: DisplayName.optional(), online: DisplayName.optional() })
    .optional(),
  /** A short privacy notice per language, shown on the join page (a default sentence when absent). */
  privacyNotice: PrivacyNotice.optional(),
  /** The organisers' phone number for people who cannot connect ("Can't connect? Call …"). */
  hotline: Hotline.optional(),
  /** Panel profile questions (each single choice; "prefer not to say" is added automatically). */
  profileQuestions: ProfileQuestionsInput.default([]),
});
export type CreateSessionBody = z.input<typeof CreateSessionBody>;

/**
 * `POST /api/sessions` with a `template` (an exported session template): the session gets the template's
 * agenda, polls (as drafts, keeping the template's poll ids), questionnaires and profile questions. `title`,
 * `languages` and `agenda` given here replace the template's.
 */
export const CreateFromTemplateBody = z.strictObject({
  template: TemplateInput,
  title: z.string().trim().min(1).max(LIMITS.titleLength).optional(),
  languages: z.array(LanguageCode).min(1).max(20).optional(),
  moderatorNames: z.strictObject({ onsite: DisplayName.optional(), online: DisplayName.optional() }).optional(),
  /** As CreateSessionBody's: the join page's privacy notice per language and the organisers' hotline. */
  privacyNotice: PrivacyNotice.optional(),
  hotline: Hotline.optional(),
});
export type CreateFromTemplateBody = z.input<typeof CreateFromTemplateBody>;

export const SessionLinks = z.object({
  sessionId: z.string(),
  /** Sessions created from a template: the template's id (see fromTemplate.ts); absent otherwise. */
  templateId: z.string().optional(),
  joinCode: z.string(),
  joinUrl: z.string(),
  onsiteModeratorUrl: z.string(),
  onlineModeratorUrl: z.string(),
  observerUrl: z.string(),
  projectorUrl: z.string(),
});
export type SessionLinks = z.infer<typeof SessionLinks>;

export const JoinCode = z
  .string()
  .trim()
  .toUpperCase()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^[A-Z0-9]{4,12}$/, 'join code format'));

/**
 * A join attempt's id, made by the phone (128 random bits, base64url) and kept until the join is answered:
 * a repeat with the same id returns the same person. It works like a password for that join, hence the
 * minimum length (guessing another phone's id must be hopeless).
 */
export const JoinId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'join id: 16 to 64 characters of A-Z a-z 0-9 _ -');

export const JoinBody = z.strictObject({
  code: JoinCode,
  name: DisplayName,
  modality: Modality,
  table: z.string().trim().min(1).max(20).optional(),
  language: z.string().max(10).optional(),
  /** Optional so that older phones and scripts still join (each of their calls makes a new person). */
  joinId: JoinId.optional(),
  /** Agreed to be named in the session report (default: an anonymous "Participant N"). */
  nameInReport: z.boolean().optional(),
});
export type JoinBody = z.input<typeof JoinBody>;

export const AcceptInviteBody = z.strictObject({
  invite: z.string().min(10).max(1000),
  name: DisplayName,
  label: Label.optional(),
  /** As for joins: a repeat with the same id returns the same observer. */
  joinId: JoinId.optional(),
});
export type AcceptInviteBody = z.input<typeof AcceptInviteBody>;

export const TokenResponse = z.object({
  token: z.string(),
  sessionId: z.string(),
  personId: z.string(),
  role: z.string(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const JoinCodeLookup = z.object({ sessionId: z.string(), title: z.string(), languages: z.array(z.string()), privacyNotice: z.record(z.string(), z.string()).optional(), hotline: z.string().optional() });

/**
 * The join page's plain form post (`POST /join/CODE`, form-encoded, for a phone whose script has not arrived
 * or that runs none): every field is a string; an unchecked box and an empty table are absent or empty.
 */
export const JoinFormBody = z.object({
  code: z.string().max(40).default(''),
  name: z.string().max(200).default(''),
  modality: z.string().max(20).optional(),
  table: z.string().max(40).optional(),
  nameInReport: z.string().max(10).optional(),
  joinId: z.string().max(100).optional(),
});
export type JoinFormBody = z.infer<typeof JoinFormBody>;
