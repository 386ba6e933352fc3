import type { Audience } from '../../../shared/domain/audience.js';
import type { Ballot, Poll, PollInput } from '../../../shared/domain/polls/schemas.js';
import { PLENARY_ID, type Person, type SessionState } from '../../../shared/domain/state.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { own } from '../../../shared/domain/keyed.js';

/** Pure rules of polls shared by decide functions, the vote handler, live results and the redactor. */

/** Moderators, observers and the projector always see results. */
export const STAFF = { roles: ['moderator', 'observer', 'projector'] } satisfies Audience;
export const MODERATORS_ONLY: Audience = { roles: ['moderator'] };

export function targetRooms(state: SessionState, target: Poll['target']): string[] {
  if (target.kind === 'plenary') return [PLENARY_ID];
  if (target.kind === 'room') return [target.roomId];
  return state.roomOrder.filter((id) => own(state.rooms, id)?.kind === 'breakout');
}

/** Participants of the target see results live, after closing, or never. */
export function participantsSeeResults(poll: Pick<Poll, 'resultsVisibility' | 'status'>, closed = poll.status === 'closed'): boolean {
  return poll.resultsVisibility === 'live' || (poll.resultsVisibility === 'afterClose' && closed);
}

/**
 * Who receives a poll's tally. Results hidden from participants ("after closing" while open, "never") are
 * hidden from the observers and the wall screen as well: only moderators see them until they are revealed
 * (closing an "after closing" poll, or switching the poll to live results), then the same tally goes to all.
 */
export function resultsAudience(state: SessionState, poll: Poll, closed = poll.status === 'closed'): Audience {
  return participantsSeeResults(poll, closed) ? { ...STAFF, rooms: targetRooms(state, poll.target) } : MODERATORS_ONLY;
}

/** FORBIDDEN when the voter is not in a room the poll targets. */
export function checkVoterTarget(state: SessionState, poll: Poll, person: Person): void {
  const room = own(state.rooms, person.roomId);
  const t = poll.target;
  const ok =
    t.kind === 'plenary' ? person.roomId === PLENARY_ID : t.kind === 'room' ? person.roomId === t.roomId : room?.kind === 'breakout';
  if (!ok) throw new DomainError('FORBIDDEN', 'this poll is for another room');
}

const bad = (why: string) => new DomainError('INVALID_BALLOT', why);

/** Checks a ballot against its poll's definition; returns it in canonical form. */
export function validateBallot(poll: Poll, ballot: Ballot): Ballot {
  const nOpt = poll.options.length;
  switch (poll.kind) {
    case 'single':
    case 'yesno':
    case 'multiple': {
      if (!('choices' in ballot)) throw bad(`a ${poll.kind} poll takes choices`);
      const set = new Set(ballot.choices);
      if (set.size !== ballot.choices.length) throw bad('the same option twice');
      for (const c of set) if (c >= nOpt) throw bad('no such option');
      const max = poll.kind === 'multiple' ? (poll.maxChoices ?? nOpt) : 1;
      if (set.size > max) throw bad(`at most ${max} choice(s)`);
      return { choices: [...set].sort((a, b) => a - b) };
    }
    case 'scale':
      if (!('value' in ballot)) throw bad('a scale poll takes a value');
      if (ballot.value < poll.min || ballot.value > poll.max) throw bad('value out of range');
      return ballot;
    case 'ranking': {
      if (!('ranking' in ballot)) throw bad('a ranking poll takes a ranking');
      const set = new Set(ballot.ranking);
      if (ballot.ranking.length !== nOpt || set.size !== nOpt || ballot.ranking.some((i) => i >= nOpt)) {
        throw bad('a ranking must order every option exactly once');
      }
      return ballot;
    }
    case 'open':
      if (!('text' in ballot)) throw bad('an open poll takes a text');
      return { text: ballot.text.trim() };
    case 'grid': {
      if (!('cell' in ballot)) throw bad('a grid poll takes a cell');
      const [row, col] = ballot.cell;
      if (row >= nOpt || col >= (poll.columns?.length ?? 0)) throw bad('no such cell');
      const comment = ballot.comment?.trim();
      return comment ? { cell: [row, col], comment } : { cell: [row, col] };
    }
  }
}

/** Checks a moderator's poll definition and fills in what the kind implies. */
export function normaliseInput(state: SessionState, input: PollInput): Omit<Poll, 'id' | 'status' | 'questionnaireId' | 'openedAt' | 'closedAt' | 'deadline'> {
  const badReq = (why: string) => new DomainError('BAD_REQUEST', why);
  let options = input.options;
  const columns = input.kind === 'grid' ? (input.columns ?? []) : undefined;
  if (input.kind === 'grid' && (options.length < 1 || (columns?.length ?? 0) < 2 || options.length * (columns?.length ?? 0) > 100)) {
    throw badReq('a grid needs at least one row, two columns and at most 100 cells');
  }
  if (input.kind === 'yesno') options = ['Yes', 'No'];
  if (input.kind === 'scale' || input.kind === 'open') options = [];
  if ((input.kind === 'single' || input.kind === 'multiple' || input.kind === 'ranking') && options.length < 2) {
    throw badReq('a choice or ranking poll needs at least two options');
  }
  if (input.kind === 'scale' && (input.max <= input.min || input.max - input.min > 20)) throw badReq('a scale needs min < max and at most 21 values');
  if (input.maxChoices !== null && input.kind === 'multiple' && input.maxChoices > options.length) throw badReq('maxChoices exceeds the options');
  if (input.target.kind === 'room' && !own(state.rooms, input.target.roomId)) throw new DomainError('NOT_FOUND', 'no such room');
  return {
    kind: input.kind,
    question: input.question,
    options,
    maxChoices: input.kind === 'multiple' ? (input.maxChoices ?? options.length) : null,
    min: input.kind === 'scale' ? input.min : 0,
    max: input.kind === 'scale' ? input.max : 0,
    minLabel: input.kind === 'scale' ? input.minLabel : '',
    maxLabel: input.kind === 'scale' ? input.maxLabel : '',
    target: input.target,
    resultsVisibility: input.resultsVisibility,
    // Absent rather than undefined: logged events stay byte-identical for the kinds that existed before.
    ...(columns ? { columns } : {}),
  };
}

export { CONDITION_KINDS, conditionMet } from '../../../shared/domain/polls/conditions.js';
