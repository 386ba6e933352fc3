// Pure and free of zod: the server refuses a ballot on a hidden question, the phone's runner skips it.
import type { Ballot, Poll } from './schemas.js';

/** Kinds whose answer is a choice among options, which a later question can depend on. */
export const CONDITION_KINDS: ReadonlySet<Poll['kind']> = new Set(['single', 'multiple', 'yesno']);

/**
 * Whether a person whose ballot on the condition's poll is `trigger` (null: not answered) is shown a
 * conditional question: only when one of their chosen options is among the condition's.
 */
export function conditionMet(showIf: NonNullable<Poll['showIf']>, trigger: Ballot | null): boolean {
  return !!trigger && 'choices' in trigger && trigger.choices.some((c) => showIf.options.includes(c));
}

/** The questions a person is shown, in order: those without a condition, and those whose condition is met. */
export function shownPolls(polls: Poll[], answerOf: (pollId: string) => Ballot | null): Poll[] {
  return polls.filter((p) => !p.showIf || conditionMet(p.showIf, answerOf(p.showIf.pollId)));
}
