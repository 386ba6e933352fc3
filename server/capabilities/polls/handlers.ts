import { newId } from '../../auth/ids.js';
import type { Poll, StoredBallot } from '../../../shared/domain/polls/schemas.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import type { CommandContext, Handlers } from '../types.js';
import { seqOf } from '../types.js';
import { closePoll } from './close.js';
import {
  decideCloseQuestionnaire,
  decideCreate,
  decideCreateQuestionnaire,
  decideDelete,
  decideHide,
  decideOpen,
  decideOpenQuestionnaire,
  decideShowOfHands,
  decideUpdate,
  decideVisibility,
  pollOf,
  questionnaireOf,
} from './decide.js';
import { liveResultsFor } from './liveResults.js';
import { computeResults } from './results.js';
import { checkVoterTarget, resultsAudience, validateBallot } from './rules.js';
import type { Results } from '../../../shared/domain/polls/schemas.js';
import './visibility.js';
import { own } from '../../../shared/domain/keyed.js';

type PollCommand =
  | 'polls:create' | 'polls:update' | 'polls:delete' | 'polls:open' | 'polls:close' | 'polls:setVisibility'
  | 'polls:showOfHands' | 'polls:hideAnswer' | 'polls:vote' | 'polls:createQuestionnaire' | 'polls:openQuestionnaire' | 'polls:closeQuestionnaire';

const deps = (ctx: CommandContext) => ({ hub: ctx.hub, store: ctx.store, emit: ctx.emit });

/** Live viewers see a changed presentation at once: a new live tally (open) or the re-issued final one (closed). */
function afterChange(ctx: CommandContext, pollId: string, final: Results | null) {
  const poll = own(ctx.state.polls, pollId);
  if (poll?.status === 'open') liveResultsFor(ctx.hub, ctx.store, ctx.log).markDirty(ctx.sessionId, pollId, ctx.emit);
  if (poll && final) ctx.emit(resultsAudience(ctx.state, poll, true), 'poll:results', final);
}

export const pollHandlers: Handlers<PollCommand> = {
  'polls:create': async (ctx, p) => {
    const pollId = newId('poll');
    return { ...seqOf(await ctx.execute((s) => decideCreate(s, pollId, p.poll))), pollId };
  },
  'polls:update': async (ctx, p) => seqOf(await ctx.execute((s) => decideUpdate(s, p.pollId, p.poll))),
  'polls:delete': async (ctx, p) => seqOf(await ctx.execute((s) => decideDelete(s, p.pollId))),

  'polls:open': async (ctx, p) => {
    const poll = pollOf(ctx.state, p.pollId);
    if (poll.status !== 'draft') throw new DomainError('CONFLICT', 'the poll is no longer a draft');
    const at = Date.now();
    const deadline = p.durationSec ? at + p.durationSec * 1000 : null;
    // The store's flag opens BEFORE the event is logged, so nobody who sees the poll open is refused.
    await ctx.store.setPollOpen(ctx.sessionId, p.pollId, true);
    try {
      const events = await ctx.execute((s) => decideOpen(s, p.pollId, at, deadline));
      // At the deadline, whichever instance's due loop comes first closes it (server/capabilities/dueLoop.ts);
      // ballots after the deadline are refused on every instance in the meantime.
      return seqOf(events);
    } catch (err) {
      if (own(ctx.state.polls, p.pollId)?.status !== 'open') await ctx.store.setPollOpen(ctx.sessionId, p.pollId, false);
      throw err;
    }
  },
  'polls:close': async (ctx, p) => seqOf(await closePoll(deps(ctx), ctx.sessionId, p.pollId, ctx.personId, ctx.cid)),
  'polls:setVisibility': async (ctx, p) => seqOf(await ctx.execute((s) => decideVisibility(s, p.pollId, p.resultsVisibility))),
  'polls:showOfHands': async (ctx, p) => {
    const poll = pollOf(ctx.state, p.pollId);
    // A closed poll's logged tally is re-issued with the late hall count (the device ballots cannot change).
    const results = poll.status === 'closed' ? await computeResults(ctx.store, ctx.state, poll, true, { showOfHands: p.counts }) : null;
    const events = await ctx.execute((s) => decideShowOfHands(s, p.pollId, p.counts, results));
    afterChange(ctx, p.pollId, results);
    return seqOf(events);
  },
  'polls:hideAnswer': async (ctx, p) => {
    const poll = pollOf(ctx.state, p.pollId);
    const rest = (own(ctx.state.hiddenAnswers, p.pollId) ?? []).filter((id) => id !== p.answerId);
    const hidden = p.hidden ? [...rest, p.answerId] : rest;
    const results = poll.status === 'closed' ? await computeResults(ctx.store, ctx.state, poll, true, { hidden }) : null;
    const events = await ctx.execute((s) => decideHide(s, p.pollId, p.answerId, p.hidden, results));
    afterChange(ctx, p.pollId, events.length ? results : null);
    return seqOf(events);
  },

  'polls:vote': async (ctx, p) => {
    // The poll may have been opened through another instance a moment ago: read the log before refusing.
    if (own(ctx.state.polls, p.pollId)?.status !== 'open') await ctx.hub.catchUp(ctx.sessionId);
    const poll = own(ctx.state.polls, p.pollId);
    if (!poll) throw new DomainError('NOT_FOUND', 'no such poll');
    if (poll.status !== 'open' || (poll.deadline !== null && Date.now() > poll.deadline)) throw new DomainError('POLL_CLOSED');
    const person = ctx.person;
    if (!person) throw new DomainError('FORBIDDEN');
    checkVoterTarget(ctx.state, poll, person);
    const ballot = validateBallot(poll, p.ballot);
    // Stored under the person id (one ballot per person, the last counts) with no name; results drop the key.
    const record: StoredBallot = { b: ballot, m: person.modality, r: person.roomId };
    const r = await ctx.store.castBallot(ctx.sessionId, p.pollId, ctx.personId, JSON.stringify(record));
    if (r === 'closed') throw new DomainError('POLL_CLOSED');
    liveResultsFor(ctx.hub, ctx.store, ctx.log).markDirty(ctx.sessionId, p.pollId, ctx.emit);
    return {};
  },

  'polls:createQuestionnaire': async (ctx, p) => {
    const questionnaireId = newId('qn');
    const pollIds = p.polls.map(() => newId('poll'));
    const events = await ctx.execute((s) => decideCreateQuestionnaire(s, questionnaireId, p.title, pollIds, p.polls));
    return { ...seqOf(events), questionnaireId, pollIds };
  },
  'polls:openQuestionnaire': async (ctx, p) => {
    const q = questionnaireOf(ctx.state, p.questionnaireId);
    if (q.status !== 'draft') throw new DomainError('CONFLICT', 'the questionnaire is no longer a draft');
    const drafts = q.pollIds.filter((id) => own(ctx.state.polls, id)?.status === 'draft');
    await Promise.all(drafts.map((id) => ctx.store.setPollOpen(ctx.sessionId, id, true)));
    try {
      return seqOf(await ctx.execute((s) => decideOpenQuestionnaire(s, p.questionnaireId, Date.now())));
    } catch (err) {
      await Promise.all(drafts.filter((id) => own(ctx.state.polls, id)?.status !== 'open').map((id) => ctx.store.setPollOpen(ctx.sessionId, id, false)));
      throw err;
    }
  },
  'polls:closeQuestionnaire': async (ctx, p) => {
    const q = questionnaireOf(ctx.state, p.questionnaireId);
    if (q.status !== 'open') throw new DomainError('CONFLICT', 'the questionnaire is not open');
    const open = q.pollIds.map((id) => own(ctx.state.polls, id)).filter((poll): poll is Poll => poll?.status === 'open');
    await Promise.all(open.map((poll) => ctx.store.setPollOpen(ctx.sessionId, poll.id, false)));
    const results = await Promise.all(open.map((poll) => computeResults(ctx.store, ctx.state, poll, true)));
    const events = await ctx.execute((s) => decideCloseQuestionnaire(s, p.questionnaireId, results));
    for (const r of results) {
      const poll = own(ctx.state.polls, r.pollId);
      if (poll) ctx.emit(resultsAudience(ctx.state, poll, true), 'poll:results', r);
    }
    return seqOf(events);
  },
};
