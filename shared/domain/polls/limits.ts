/**
 * Size limits of polls, in a module without zod so the client's forms can use the same numbers as the
 * server's schemas (schemas.ts) without shipping the schemas.
 */
export const POLL_LIMITS = {
  questionLength: 300,
  optionLength: 120,
  maxOptions: 12,
  openTextLength: 200,
  scaleLabelLength: 60,
  maxPollsPerQuestionnaire: 30,
  maxShowOfHands: 100_000,
} as const;
