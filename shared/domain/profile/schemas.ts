import { z } from 'zod';
import { Id } from '../../protocol/primitives.js';
import { localizedText, LocalizedTextSchema } from '../polls/schemas.js';

/**
 * The panel profile: a few single-choice questions organisers set per session (age band, region…), each with
 * an automatic "prefer not to say" that is not one of its options. Answers stay on the server; only
 * suppressed aggregates leave it (see shared/report/suppress.ts).
 */
export const PROFILE_LIMITS = {
  maxQuestions: 8,
  minOptions: 2,
  maxOptions: 12,
  questionLength: 200,
  optionLength: 80,
  /** Any published cell counting fewer people than this is shown as "< 5". */
  threshold: 5,
} as const;

/** What organisers write (in a template or at creation): checked with the same limits everywhere. */
export const ProfileQuestionInput = z.strictObject({
  id: Id,
  question: localizedText(PROFILE_LIMITS.questionLength, true),
  options: z.array(localizedText(PROFILE_LIMITS.optionLength, true)).min(PROFILE_LIMITS.minOptions).max(PROFILE_LIMITS.maxOptions),
});
export type ProfileQuestionInput = z.output<typeof ProfileQuestionInput>;

export const ProfileQuestionsInput = z
  .array(ProfileQuestionInput)
  .max(PROFILE_LIMITS.maxQuestions)
  .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, 'profile question ids must differ');

/** As stored in the log. */
export const ProfileQuestionSchema = z.object({ id: z.string(), question: LocalizedTextSchema, options: z.array(LocalizedTextSchema) });
export type ProfileQuestion = z.infer<typeof ProfileQuestionSchema>;

/**
 * One person's answers, in the order of the session's questions: an option index, `null` for "prefer not to
 * say", or absent (a shorter list, or the whole card skipped: `[]`).
 */
export const ProfileChoices = z.array(z.number().int().min(0).max(PROFILE_LIMITS.maxOptions - 1).nullable()).max(PROFILE_LIMITS.maxQuestions);

/** A published count: a number of people, "< 5" (fewer than the threshold) or "hidden" (complementary suppression). */
export const SuppressedCell = z.union([z.number(), z.literal('< 5'), z.literal('hidden')]);
export type SuppressedCell = z.infer<typeof SuppressedCell>;

/**
 * The panel's composition per question, suppressed: `rows` are the options, then "prefer not to say", then
 * "no answer"; `cells[row]` = [onsite, online, total]. Column totals (participants by modality) are public.
 */
export const CompositionSchema = z.object({
  participants: z.object({ onsite: z.number(), online: z.number() }),
  questions: z.array(z.object({ id: z.string(), question: LocalizedTextSchema, rows: z.array(LocalizedTextSchema), cells: z.array(z.array(SuppressedCell)) })),
});
export type Composition = z.infer<typeof CompositionSchema>;

export interface ProfileState {
  questions: ProfileQuestion[];
  /**
   * Person id → choices. On the server only: every snapshot cuts it down to the viewer's own answers
   * (profile redactor), and `profile:answered` goes to the person alone.
   */
  answers: Record<string, Array<number | null>>;
  /** The latest composition sent to moderators (suppressed); null before the first. */
  composition: Composition | null;
}
