import { z } from 'zod';
import { DisplayName, Label, LanguageCode, LIMITS, Modality } from './primitives.js';
import { localizedText } from '../domain/polls/schemas.js';
import { MaterialInput } from '../domain/schemas.js';

/** HTTP bodies and responses. Every route parses its body with one of these. */
export const AgendaPartInput = z.strictObject({
  title: z.string().trim().min(1).max(LIMITS.titleLength),
  minutes: z.number().int().min(1).max(600),
  room: z.enum(['plenary', 'breakouts']).default('plenary'),
  prompt: localizedText(300, false).optional(),
  materials: z.array(MaterialInput).max(8).optional(),
});

export const CreateSessionBody = z.strictObject({
  title: z.string().trim().min(1).max(LIMITS.titleLength),
  languages: z.array(LanguageCode).min(1).max(20).default(['en']),
  agenda: z.array(AgendaPartInput).max(100).default([]),
  moderatorNames: z
    .strictObject({ onsite: DisplayName.optional(), online: DisplayName.optional() })
    .optional(),
});
export type CreateSessionBody = z.input<typeof CreateSessionBody>;

export const SessionLinks = z.object({
  sessionId: z.string(),
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

export const JoinCodeLookup = z.object({ sessionId: z.string(), title: z.string(), languages: z.array(z.string()) });
