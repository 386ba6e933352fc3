import { own } from '../../../shared/domain/keyed.js';
import type { Composition } from '../../../shared/domain/profile/schemas.js';
import type { Person, SessionState } from '../../../shared/domain/state.js';
import { suppressTable } from '../../../shared/report/suppress.js';

/** The rows of a profile question in every table: its options, then "prefer not to say", then "no answer". */
export const PREFER_NOT = 'Prefer not to say';
export const NO_ANSWER = 'No answer';

/** Which row a person falls in for question `q`: option index, options.length (prefer not), +1 (no answer). */
export function profileRow(state: SessionState, personId: string, q: number): number {
  const question = state.profile!.questions[q];
  const choice = own(state.profile!.answers, personId)?.[q];
  if (choice === undefined) return question.options.length + 1;
  if (choice === null) return question.options.length;
  return choice;
}

/** The people counted: everyone whose role is participant (as in the report's attendance), removed included. */
export const panel = (state: SessionState): Person[] => Object.values(state.people).filter((p) => p.role === 'participant');

/**
 * The panel's composition by modality, suppressed (suppressTable): per question a row per option, "prefer not
 * to say" and "no answer", columns onsite / online / total. Column totals (participants by modality) are public.
 */
export function composition(state: SessionState): Composition {
  const questions = state.profile?.questions ?? [];
  const people = panel(state).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const participants = { onsite: people.filter((p) => p.modality === 'onsite').length, online: people.filter((p) => p.modality === 'online').length };
  return {
    participants,
    questions: questions.map((q, i) => {
      const rows = q.options.length + 2;
      const raw = Array.from({ length: rows }, () => [0, 0, 0]);
      for (const p of people) {
        const r = profileRow(state, p.id, i);
        raw[r][p.modality === 'onsite' ? 0 : 1]++;
        raw[r][2]++;
      }
      return { id: q.id, question: q.question, rows: [...q.options, PREFER_NOT, NO_ANSWER], cells: suppressTable(raw) };
    }),
  };
}
