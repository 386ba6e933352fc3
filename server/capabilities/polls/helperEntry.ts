import { shownPolls } from '../../../shared/domain/polls/conditions.js';
import type { Ballot, Poll, StoredBallot } from '../../../shared/domain/polls/schemas.js';
import { hasAnswerText } from '../../../shared/domain/polls/tally.js';
import { own } from '../../../shared/domain/keyed.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import type { CommandContext, Handlers } from '../types.js';
import { questionnaireOf } from './decide.js';
import { liveResultsFor } from './liveResults.js';
import { checkVoterTarget, validateBallot } from './rules.js';

/**
 * Answers entered by a helper for people without a device ("entered for a participant without a device").
 * Each command is one anonymous onsite respondent: its id comes from ctx.idFor, so a retry of the same command
 * (same cid) writes the same ballots again instead of counting a second person. The stored record carries
 * `h: 1`: it is counted with the device ballots and shown apart as "entered by a helper" (`byEntry`). The hall's
 * show of hands stays its own series. Nothing here is logged: like every ballot, these live in the store's
 * ballot records, keyed by the made-up respondent id, never by the helper's id.
 */

/** A moderator may enter anywhere; a facilitator only for a poll aimed at the room they are in (their table). */
function checkHelper(ctx: CommandContext, poll: Poll): void {
  if (ctx.role === 'moderator') return;
  if (!ctx.person) throw new DomainError('FORBIDDEN');
  checkVoterTarget(ctx.state, poll, ctx.person);
}

function openPoll(ctx: CommandContext, pollId: string): Poll {
  const poll = own(ctx.state.polls, pollId);
  if (!poll) throw new DomainError('NOT_FOUND', 'no such poll');
  if (poll.status !== 'open' || (poll.deadline !== null && ctx.now() > poll.deadline)) throw new DomainError('POLL_CLOSED');
  return poll;
}

/** The helper's room when the poll targets it, else the poll's first target room (a moderator at the console). */
function roomFor(ctx: CommandContext, poll: Poll): string {
  const here = ctx.person?.roomId;
  const t = poll.target;
  if (t.kind === 'plenary') return 'plenary';
  if (t.kind === 'room') return t.roomId;
  return here && own(ctx.state.rooms, here)?.kind === 'breakout' ? here : 'plenary';
}

async function store(ctx: CommandContext, poll: Poll, respondentId: string, ballot: Ballot, n = 0): Promise<void> {
  const record: StoredBallot = { b: ballot, m: 'onsite', r: roomFor(ctx, poll), h: 1, ...(hasAnswerText(ballot) ? { a: ctx.idFor('answer', n) } : {}) };
  const r = await ctx.store.castBallot(ctx.sessionId, poll.id, respondentId, JSON.stringify(record));
  if (r === 'closed') throw new DomainError('POLL_CLOSED');
  liveResultsFor(ctx.hub, ctx.store, ctx.log).markDirty(ctx.sessionId, poll.id, ctx.emit);
}

async function freshState(ctx: CommandContext, pollIds: string[]): Promise<void> {
  // Opened through another instance a moment ago: read the log before refusing.
  if (pollIds.some((id) => own(ctx.state.polls, id)?.status !== 'open')) await ctx.hub.catchUp(ctx.sessionId);
}

export const helperEntryHandlers: Handlers<'polls:enterForParticipant' | 'polls:enterPaperQuestionnaire'> = {
  'polls:enterForParticipant': async (ctx, p) => {
    await freshState(ctx, [p.pollId]);
    const poll = openPoll(ctx, p.pollId);
    checkHelper(ctx, poll);
    // A conditional question stands on an earlier answer this respondent does not have: enter the whole form.
    if (poll.showIf) throw new DomainError('QUESTION_NOT_SHOWN', 'a conditional question is entered with its questionnaire (polls:enterPaperQuestionnaire)');
    const ballot = validateBallot(poll, p.ballot);
    const respondentId = ctx.idFor('helped');
    await store(ctx, poll, respondentId, ballot);
    return { respondentId };
  },

  'polls:enterPaperQuestionnaire': async (ctx, p) => {
    await freshState(ctx, p.answers.map((a) => a.pollId));
    const q = questionnaireOf(ctx.state, p.questionnaireId);
    const answers = new Map<string, Ballot>();
    // Everything is checked before anything is stored: a form with one wrong answer is refused whole.
    for (const a of p.answers) {
      if (!q.pollIds.includes(a.pollId)) throw new DomainError('NOT_FOUND', 'that question is not in this questionnaire');
      if (answers.has(a.pollId)) throw new DomainError('BAD_REQUEST', 'the same question twice');
      const poll = openPoll(ctx, a.pollId);
      checkHelper(ctx, poll);
      answers.set(a.pollId, validateBallot(poll, a.ballot));
    }
    const polls = q.pollIds.map((id) => own(ctx.state.polls, id)).filter((x): x is Poll => !!x);
    const shown = new Set(shownPolls(polls, (id) => answers.get(id) ?? null).map((x) => x.id));
    for (const id of answers.keys()) if (!shown.has(id)) throw new DomainError('QUESTION_NOT_SHOWN');
    const respondentId = ctx.idFor('helped');
    let n = 0;
    for (const [pollId, ballot] of answers) await store(ctx, own(ctx.state.polls, pollId)!, respondentId, ballot, n++);
    return { respondentId };
  },
};
