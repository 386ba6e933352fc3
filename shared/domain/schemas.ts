import { z } from 'zod';
import { Modality, Role } from '../protocol/primitives.js';
import { LocalizedTextSchema } from './polls/schemas.js';

/** zod schemas of the session's entities; their TypeScript types are inferred here and re-exported by state.ts. */
export const PersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: Role,
  /** Moderators steer one side of the hybrid room: the hall (onsite) or the virtual audience (online). */
  side: Modality.nullable(),
  modality: Modality,
  /** Shown after the role: "Jon (Observer, press)". */
  label: z.string().nullable(),
  /** Onsite table the person sits at, if they said so; used to group onsite tables. */
  table: z.string().nullable(),
  /** The room the person is in now. Moderators and observers stay in the plenary unless visiting. */
  roomId: z.string(),
  /** A moderator visiting a breakout also receives that room's traffic. */
  visiting: z.string().nullable(),
  /** Marked by moderators as technical support for the help desk. */
  support: z.boolean(),
  removed: z.boolean(),
  joinedAt: z.number(),
  /** Agreed at join to appear by name in the session report (off by default: an anonymous label instead). */
  nameInReport: z.boolean().optional(),
  /** Open connections per server instance; the person is connected when any count is > 0. */
  connections: z.record(z.string(), z.number()),
});
export type Person = z.infer<typeof PersonSchema>;

export const RoomSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['plenary', 'breakout']),
  modality: Modality.nullable(),
  facilitatorId: z.string().nullable(),
  callLink: z.string().nullable(),
});
export type Room = z.infer<typeof RoomSchema>;

/**
 * One section of a worksheet: a group question. `id` names the section's Y.Text in the room's document (text
 * typed under an id stays with it); `title` is plain or per language (`{ "en": "Our hopes", "fr": "Nos espoirs" }`).
 */
export const WorksheetSectionSchema = z.object({
  id: z.string(),
  title: z.union([z.string(), z.record(z.string(), z.string())]),
});
export type WorksheetSection = z.infer<typeof WorksheetSectionSchema>;

export const AgendaPartSchema = z.object({
  id: z.string(),
  /** Plain (every log before per-language titles) or per language. */
  title: z.union([z.string(), z.record(z.string(), z.string())]),
  minutes: z.number(),
  room: z.enum(['plenary', 'breakouts']),
  /** The part's group questions (worksheet sections); absent: the session's default sections. */
  sections: z.array(WorksheetSectionSchema).optional(),
  /** A short prompt shown on phones while the part runs, plain or per language (see localizedText). */
  prompt: LocalizedTextSchema.optional(),
  /** Links to the part's material (briefing video, glossary); `lang`: only for people reading that language. */
  materials: z.array(z.object({ title: z.string(), url: z.string(), lang: z.string().optional() })).optional(),
});
export type AgendaPart = z.infer<typeof AgendaPartSchema>;

/** A part's material as a moderator gives it: https links only (a phone follows it in the hall's browser). */
export const MaterialInput = z.strictObject({
  title: z.string().trim().min(1).max(120),
  url: z
    .string()
    .trim()
    .max(500)
    .url()
    .refine((u) => { try { return new URL(u).protocol === 'https:'; } catch { return false; } }, 'https links only'),
  lang: z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/).optional(),
});
