import { EVERYONE } from '../../../shared/domain/audience.js';
import { ev } from '../../../shared/domain/events.js';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import type { Poll, PollInput, Results } from '../../../shared/domain/polls/schemas.js';
import { bucketCount } from '../../../shared/domain/polls/tally.js';
import type { SessionState } from '../../../shared/domain/state.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { CONDITION_KINDS, MODERATORS_ONLY, STAFF, normaliseInput, participantsSeeResults, resultsAudience } from './rules.js';
import { own } from '../../../shared/domain/keyed.js';

/** Pure decisions about polls and questionnaires. Ballots never pass through here (see handlers). */

export function pollOf(state: SessionState, pollId: string): Poll {
  const p = own(state.polls, pollId);
  if (!p) throw new DomainError('NOT_FOUND', 'no such poll');
  return p;
}

function draftOf(state: SessionState, pollId: string): Poll {
  const p = pollOf(state, pollId);
  if (p.status !== 'draft') throw new DomainError('CONFLICT', 'the poll is no longer a draft');
  return p;
}

export function newPoll(state: SessionState, id: string, input: PollInput, questionnaireId: string | null = null, showIf?: Poll['showIf']): Poll {
  // A single poll has no earlier question to depend on; questionnaires resolve `showIf` to a poll id below.
  if (input.showIf && !showIf) throw new DomainError('BAD_REQUEST', 'only a question of a questionnaire can depend on an earlier answer');
  const poll: Poll = { id, ...normaliseInput(state, input), status: 'draft', questionnaireId, openedAt: null, closedAt: null, deadline: null };
  if (showIf) poll.showIf = showIf;
  return poll;
}

/**
 * A questionnaire question's condition as stored: the earlier question's poll id and the options that show it.
 * The earlier question must come before (no cycles, and a paper form reads top to bottom) and be a choice.
 */
function resolveShowIf(inputs: PollInput[], pollIds: string[], i: number): Poll['showIf'] {
  const c = inputs[i].showIf;
  if (!c) return undefined;
  const bad = (why: string) => new DomainError('BAD_REQUEST', `question ${i + 1}: ${why}`);
  if (c.question >= i) throw bad('a question can only depend on an earlier one');
  const earlier = inputs[c.question];
  if (!CONDITION_KINDS.has(earlier.kind)) throw bad('the question it depends on must be single, multiple or yes/no');
  const nOpt = earlier.kind === 'yesno' ? 2 : earlier.options.length;
  if (c.options.some((o) => o >= nOpt)) throw bad('no such option in the earlier question');
  return { pollId: pollIds[c.question], options: [...new Set(c.options)].sort((a, b) => a - b) };
}

export function decideCreate(state: SessionState, id: string, input: PollInput): NewEvent[] {
  if (own(state.polls, id)) throw new DomainError('CONFLICT', 'poll id taken');
  return [ev('poll:drafted', { poll: newPoll(state, id, input) }, MODERATORS_ONLY)];
}

export function decideUpdate(state: SessionState, id: string, input: PollInput): NewEvent[] {
  const old = draftOf(state, id);
  // An update keeps the question's place in its questionnaire and its condition (set with the questionnaire).
  const { showIf: _typed, ...rest } = input;
  return [ev('poll:drafted', { poll: newPoll(state, id, rest, old.questionnaireId, old.showIf) }, MODERATORS_ONLY)];
}

export function decideDelete(state: SessionState, id: string): NewEvent[] {
  draftOf(state, id);
  return [ev('poll:deleted', { pollId: id }, MODERATORS_ONLY)];
}

export function decideOpen(state: SessionState, id: string, at: number, deadline: number | null): NewEvent[] {
  const p = draftOf(state, id);
  return [ev('poll:opened', { poll: { ...p, status: 'open', openedAt: at, deadline } }, EVERYONE)];
}

/** Closing logs the exact final tally, computed by the handler after the store stopped taking ballots. */
export function decideClose(state: SessionState, id: string, results: Results): NewEvent[] {
  const p = pollOf(state, id);
  if (p.status !== 'open') throw new DomainError('CONFLICT', 'the poll is not open');
  const out: NewEvent[] = [
    ev('poll:closed', { pollId: id }, EVERYONE),
    ev('poll:finalResults', { results: { ...results, final: true } }, resultsAudience(state, p, true)),
  ];
  const q = p.questionnaireId ? own(state.questionnaires, p.questionnaireId) : undefined;
  if (q && q.status === 'open' && q.pollIds.every((pid) => pid === id || own(state.polls, pid)?.status !== 'open')) {
    out.push(ev('questionnaire:closed', { questionnaireId: q.id }, EVERYONE));
  }
  return out;
}

export function decideVisibility(state: SessionState, id: string, vis: Poll['resultsVisibility']): NewEvent[] {
  const p = pollOf(state, id);
  if (p.resultsVisibility === vis) return [];
  const out: NewEvent[] = [ev('poll:visibilitySet', { pollId: id, resultsVisibility: vis }, p.status === 'draft' ? MODERATORS_ONLY : EVERYONE)];
  const after = { ...p, resultsVisibility: vis };
  const final = own(state.pollResults, id);
  // Results made public after closing: the participants never received the logged tally, so send it again.
  if (p.status === 'closed' && final && participantsSeeResults(after, true) && !participantsSeeResults(p, true)) {
    out.push(ev('poll:finalResults', { results: final }, resultsAudience(state, after, true)));
    const hands = own(state.showOfHands, id);
    if (hands) out.push(ev('poll:showOfHands', { pollId: id, counts: hands }, resultsAudience(state, after, true)));
  }
  return out;
}

/** `results`: the recomputed final tally when the poll is already closed (a late hall count). */
export function decideShowOfHands(state: SessionState, id: string, counts: number[], results: Results | null): NewEvent[] {
  const p = pollOf(state, id);
  if (p.kind === 'open' || p.kind === 'ranking' || p.kind === 'grid') throw new DomainError('CONFLICT', 'no show of hands for open, ranking or grid polls');
  if (p.status === 'draft') throw new DomainError('CONFLICT', 'open the poll first');
  if (counts.length !== bucketCount(p)) throw new DomainError('BAD_REQUEST', `expected ${bucketCount(p)} counts`);
  const out: NewEvent[] = [ev('poll:showOfHands', { pollId: id, counts }, resultsAudience(state, p))];
  if (p.status === 'closed' && results) out.push(ev('poll:finalResults', { results: { ...results, final: true } }, resultsAudience(state, p, true)));
  return out;
}

export function decideHide(state: SessionState, id: string, answerId: string, hidden: boolean, results: Results | null): NewEvent[] {
  const p = pollOf(state, id);
  if (p.kind !== 'open' && p.kind !== 'grid') throw new DomainError('CONFLICT', 'only open answers and grid comments can be hidden');
  const now = (own(state.hiddenAnswers, id) ?? []).includes(answerId);
  if (now === hidden) return [];
  const out: NewEvent[] = [ev('poll:answerHidden', { pollId: id, answerId, hidden }, STAFF)];
  if (p.status === 'closed' && results) out.push(ev('poll:finalResults', { results: { ...results, final: true } }, resultsAudience(state, p, true)));
  return out;
}

export function decideCreateQuestionnaire(state: SessionState, qid: string, title: string, pollIds: string[], inputs: PollInput[]): NewEvent[] {
  if (own(state.questionnaires, qid)) throw new DomainError('CONFLICT', 'questionnaire id taken');
  const polls = inputs.map((input, i) => newPoll(state, pollIds[i], input, qid, resolveShowIf(inputs, pollIds, i)));
  return [
    ev('questionnaire:drafted', { questionnaire: { id: qid, title, pollIds, status: 'draft' } }, MODERATORS_ONLY),
    ...polls.map((poll) => ev('poll:drafted', { poll }, MODERATORS_ONLY)),
  ];
}

export function questionnaireOf(state: SessionState, qid: string) {
  const q = own(state.questionnaires, qid);
  if (!q) throw new DomainError('NOT_FOUND', 'no such questionnaire');
  return q;
}

export function decideOpenQuestionnaire(state: SessionState, qid: string, at: number): NewEvent[] {
  const q = questionnaireOf(state, qid);
  if (q.status !== 'draft') throw new DomainError('CONFLICT', 'the questionnaire is no longer a draft');
  const drafts = q.pollIds.map((id) => own(state.polls, id)).filter((p): p is Poll => p?.status === 'draft');
  if (!drafts.length) throw new DomainError('CONFLICT', 'the questionnaire has no draft poll');
  return [
    ...drafts.map((p) => ev('poll:opened', { poll: { ...p, status: 'open' as const, openedAt: at, deadline: null } }, EVERYONE)),
    ev('questionnaire:opened', { questionnaire: { ...q, status: 'open' } }, EVERYONE),
  ];
}

export function decideCloseQuestionnaire(state: SessionState, qid: string, results: Results[]): NewEvent[] {
  const q = questionnaireOf(state, qid);
  if (q.status !== 'open') throw new DomainError('CONFLICT', 'the questionnaire is not open');
  const out: NewEvent[] = [];
  for (const r of results) {
    const p = own(state.polls, r.pollId);
    if (p?.status !== 'open') continue;
    out.push(ev('poll:closed', { pollId: p.id }, EVERYONE), ev('poll:finalResults', { results: { ...r, final: true } }, resultsAudience(state, p, true)));
  }
  out.push(ev('questionnaire:closed', { questionnaireId: qid }, EVERYONE));
  return out;
}
