import { ev } from '../../../shared/domain/events.js';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import { has, recordOf, setOwn } from '../../../shared/domain/keyed.js';
import type { SessionState } from '../../../shared/domain/state.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { composition } from './composition.js';

/** Moderators see the composition again after every this many answers (see docs/architecture.md). */
export const COMPOSITION_EVERY = 5;

/**
 * A participant's profile answers, once. The answer goes to that person alone (their phone stops asking); every
 * COMPOSITION_EVERY answers the moderators get the suppressed composition, so that one person's answer is
 * never the only change between two versions they see.
 */
export function decideAnswer(state: SessionState, personId: string, choices: Array<number | null>): NewEvent[] {
  const questions = state.profile?.questions ?? [];
  if (questions.length === 0) throw new DomainError('CONFLICT', 'this session asks no profile questions');
  if (has(state.profile?.answers, personId)) throw new DomainError('CONFLICT', 'already answered');
  if (choices.length > questions.length) throw new DomainError('BAD_REQUEST', 'more answers than questions');
  choices.forEach((c, i) => {
    if (c !== null && c >= questions[i].options.length) throw new DomainError('BAD_REQUEST', `question ${i + 1} has no option ${c}`);
  });
  const answered = ev('profile:answered', { personId, choices }, { persons: [personId] });
  const count = Object.keys(state.profile?.answers ?? {}).length + 1;
  if (count % COMPOSITION_EVERY !== 0) return [answered];
  // The composition with this answer counted: a shallow overlay of the answers, not a copy of the whole state (it
  // may be a group commit's speculative draft, which must not be cloned).
  const answers = recordOf(state.profile?.answers);
  setOwn(answers, personId, [...choices]);
  const next: SessionState = { ...state, profile: { questions, answers, composition: state.profile?.composition ?? null } };
  return [answered, ev('profile:composition', { composition: composition(next) }, { roles: ['moderator'] })];
}
