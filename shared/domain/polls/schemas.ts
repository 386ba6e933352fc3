import { z } from 'zod';

import { POLL_LIMITS } from './limits.js';
import { Id } from '../../protocol/primitives.js';

export { POLL_LIMITS };

/** zod schemas of polls and questionnaires; types are inferred here and imported as types elsewhere. */

export const PollKind = z.enum(['single', 'multiple', 'scale', 'yesno', 'ranking', 'open', 'grid']);
export const ResultsVisibility = z.enum(['live', 'afterClose', 'never']);
export const PollTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('plenary') }),
  // An id (never an Object.prototype member name): the target's room id keys the poll's audience.
  z.object({ kind: z.literal('room'), roomId: Id }),
  z.object({ kind: z.literal('breakouts') }),
]);

/** A language code (as in the session's languages): 'en', 'fr', 'pt-BR'. Kept here so the domain schema stands alone. */
const Lang = z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/);
const MAX_TRANSLATIONS = 12;

/**
 * A text the moderators may give in several languages: a plain string, or a map language → text
 * ({ en: 'Yes?', fr: 'Oui ?' }) stored as given. Each person's client shows their own language, else the
 * session's first language, else any (client/src/i18n pickLocalized). `required`: at least one non-empty text.
 */
export function localizedText(maxLength: number, required: boolean) {
  const plain = z.string().trim().max(maxLength);
  const map = z
    .record(Lang, z.string().trim().max(maxLength))
    .refine((m) => Object.keys(m).length <= MAX_TRANSLATIONS, `at most ${MAX_TRANSLATIONS} languages`)
    .refine((m) => !required || Object.values(m).some((v) => v.length > 0), 'at least one language needs a text');
  return z.union([required ? plain.min(1) : plain, map]);
}
/** As stored in a poll (already checked on input). */
export const LocalizedTextSchema = z.union([z.string(), z.record(z.string(), z.string())]);
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

const Option = localizedText(POLL_LIMITS.optionLength, true);

/** What a moderator writes (create/update a draft, or a template entry). */
export const PollInputSchema = z.strictObject({
  kind: PollKind,
  question: localizedText(POLL_LIMITS.questionLength, true),
  options: z.array(Option).max(POLL_LIMITS.maxOptions).default([]),
  maxChoices: z.number().int().min(1).max(POLL_LIMITS.maxOptions).nullable().default(null),
  min: z.number().int().min(-10).max(10).default(1),
  max: z.number().int().min(-10).max(10).default(5),
  minLabel: localizedText(POLL_LIMITS.scaleLabelLength, false).default(''),
  maxLabel: localizedText(POLL_LIMITS.scaleLabelLength, false).default(''),
  target: PollTarget.default({ kind: 'plenary' }),
  resultsVisibility: ResultsVisibility.default('live'),
  /** Grid polls: the columns (the rows are `options`); each person puts one cross in one cell. */
  columns: z.array(Option).max(POLL_LIMITS.maxOptions).optional(),
  /**
   * Questionnaires only: show this question only when the answer to an earlier question of the same
   * questionnaire (`question`, 0-based position) was one of `options` (a single, multiple or yes/no question).
   */
  showIf: z
    .strictObject({
      question: z.number().int().min(0).max(POLL_LIMITS.maxPollsPerQuestionnaire - 1),
      options: z.array(z.number().int().min(0).max(POLL_LIMITS.maxOptions - 1)).min(1).max(POLL_LIMITS.maxOptions),
    })
    .optional(),
});
export type PollInput = z.output<typeof PollInputSchema>;

export const PollSchema = z.object({
  id: z.string(),
  kind: PollKind,
  /** Plain or per language (see localizedText). */
  question: LocalizedTextSchema,
  /** For yes/no the options are fixed to ["Yes", "No"] (clients translate them). */
  options: z.array(LocalizedTextSchema),
  maxChoices: z.number().nullable(),
  min: z.number(),
  max: z.number(),
  minLabel: LocalizedTextSchema,
  maxLabel: LocalizedTextSchema,
  target: PollTarget,
  resultsVisibility: ResultsVisibility,
  status: z.enum(['draft', 'open', 'closed']),
  questionnaireId: z.string().nullable(),
  openedAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  /** Server time after which ballots are refused (null: until a moderator closes). */
  deadline: z.number().nullable(),
  /** Grid polls only: the columns (rows are `options`); a cell's bucket is row × columns.length + column. */
  columns: z.array(LocalizedTextSchema).optional(),
  /** Shown only when this person's ballot on `pollId` (same questionnaire, earlier) chose one of `options`. */
  showIf: z.object({ pollId: z.string(), options: z.array(z.number()) }).optional(),
});
export type Poll = z.infer<typeof PollSchema>;

export const SeriesSchema = z.object({
  /** Number of ballots (or raised hands) in this series. */
  n: z.number(),
  /** Per option (single/multiple/yes-no), per scale value (min..max), or Borda points (ranking). */
  counts: z.array(z.number()),
  /** counts as a share of n (multiple: of voters, so they may sum over 100), rounded to 0.1. */
  percents: z.array(z.number()),
  /** Scale: mean value. */
  mean: z.number().nullable(),
  /** Ranking: mean position of each option (1 = first). */
  meanRanks: z.array(z.number()).nullable(),
});
export type Series = z.infer<typeof SeriesSchema>;

/** Anonymous results: never a person id or name, only counts, rooms and (open answers) texts. */
export const ResultsSchema = z.object({
  pollId: z.string(),
  final: z.boolean(),
  computedAt: z.number(),
  overall: SeriesSchema,
  byModality: z.object({ onsite: SeriesSchema, online: SeriesSchema }),
  byRoom: z.record(z.string(), SeriesSchema),
  /** The hall's show-of-hands counts, a separate series never added to the device ballots. */
  showOfHands: SeriesSchema.nullable(),
  /**
   * Present once a helper entered answers for people without a device: the ballots split by who typed them
   * (counted in `overall` and `byModality.onsite` too). Absent: every ballot came from its person's device.
   */
  byEntry: z.object({ device: SeriesSchema, helper: SeriesSchema }).optional(),
  open: z
    .object({
      answers: z.array(z.object({ id: z.string(), text: z.string() })),
      words: z.array(z.object({ word: z.string(), count: z.number() })),
      hiddenCount: z.number(),
    })
    .nullable(),
});
export type Results = z.infer<typeof ResultsSchema>;

export const QuestionnaireSchema = z.object({
  id: z.string(),
  title: z.string(),
  pollIds: z.array(z.string()),
  status: z.enum(['draft', 'open', 'closed']),
});
export type Questionnaire = z.infer<typeof QuestionnaireSchema>;

/** A ballot as the voter sends it; checked against the poll by validateBallot. */
export const BallotSchema = z.union([
  z.strictObject({ choices: z.array(z.number().int().min(0)).min(1).max(POLL_LIMITS.maxOptions) }),
  z.strictObject({ value: z.number().int() }),
  z.strictObject({ ranking: z.array(z.number().int().min(0)).min(1).max(POLL_LIMITS.maxOptions) }),
  z.strictObject({ text: z.string().trim().min(1).max(POLL_LIMITS.openTextLength) }),
  /** Grid: one cross in [row, column], with an optional comment on why. */
  z.strictObject({
    cell: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
    comment: z.string().trim().max(POLL_LIMITS.openTextLength).optional(),
  }),
]);
export type Ballot = z.infer<typeof BallotSchema>;

/** What the store keeps per person: the ballot plus the breakdown keys, and no name. */
export interface StoredBallot {
  b: Ballot;
  m: 'onsite' | 'online';
  r: string;
  /** Entered by a helper for a participant without a device (absent: the person's own device). */
  h?: 1;
  /**
   * The open answer's (or grid comment's) own id, made by the server when the ballot is cast (ctx.idFor: a
   * digest of the command, never the person id), so two people's identical answers are hidden one by one.
   * Absent on ballots stored before it existed: their id is the text's hash (answerId), as it was.
   */
  a?: string;
}

export interface PollsState {
  polls: Record<string, Poll>;
  pollOrder: string[];
  questionnaires: Record<string, Questionnaire>;
  questionnaireOrder: string[];
  /** Final tallies, logged when a poll closes (for the report and reconnecting clients). */
  pollResults: Record<string, Results>;
  /** Show-of-hands counts per poll (entered by the onsite moderator). */
  showOfHands: Record<string, number[]>;
  /** Hidden open answers per poll (answer ids). */
  hiddenAnswers: Record<string, string[]>;
}
