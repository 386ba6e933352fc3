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
import { checkVoterTarget, conditionMet, resultsAudience, validateBallot } from './rules.js';
import { hasAnswerText, parseBallots } from '../../../shared/domain/polls/tally.js';
import type { Results } from '../../../shared/domain/polls/schemas.js';
import { own } from '../../../shared/domain/keyed.js';

type PollCommand =
  | 'polls:create' | 'polls:update' | 'polls:delete' | 'polls:open' | 'polls:close' | 'polls:setVisibility'
  | 'polls:showOfHands' | 'polls:hideAnswer' | 'polls:vote' | 'polls:createQuestionnaire' | 'polls:openQuestionnaire' | 'polls:closeQuestionnaire';

const deps = (ctx: CommandContext) => ({ hub: ctx.hub, store: ctx.store, emit: ctx.emit });
const outcomeUnknown = (err: unknown) => err instanceof DomainError && err.code === 'OUTCOME_UNKNOWN';

/** Live viewers see a changed presentation at once: a new live tally (open) or the re-issued final one (closed). */
function afterChange(ctx: CommandContext, pollId: string, final: Results | null) {
  const poll = own(ctx.state.polls, pollId);
  if (poll?.status === 'open') liveResultsFor(ctx.hub, ctx.store, ctx.log).markDirty(ctx.sessionId, pollId, ctx.emit);
  if (poll && final) ctx.emit(resultsAudience(ctx.state, poll, true), 'poll:results', final);
}

/**
 * A conditional question takes a ballot only from someone whose stored answer to the earlier question shows it
 * (the runner skips it otherwise; a crafted vote is refused). Reads that poll's ballots: a questionnaire has
 * hundreds of people, not millions. A later change of the earlier answer leaves this ballot counted: nothing
 * anyone answered is dropped behind their back (docs/architecture.md, "Preparing the day").
 */
async function checkShown(ctx: CommandContext, showIf: NonNullable<Poll['showIf']>, personId: string): Promise<void> {
  const raw = (await ctx.store.readBallots(ctx.sessionId, showIf.pollId)).get(personId);
  const trigger = raw ? (parseBallots([raw])[0]?.b ?? null) : null;
  if (!conditionMet(showIf, trigger)) throw new DomainError('QUESTION_NOT_SHOWN');
}

export const pollHandlers: Handlers<PollCommand> = {
  'polls:create': async (ctx, p) => {
    const pollId = ctx.idFor('poll');
    return { ...seqOf(await ctx.execute((s) => decideCreate(s, pollId, p.poll))), pollId };
  },
  'polls:update': async (ctx, p) => seqOf(await ctx.execute((s) => decideUpdate(s, p.pollId, p.poll))),
  'polls:delete': async (ctx, p) => seqOf(await ctx.execute((s) => decideDelete(s, p.pollId))),

  'polls:open': async (ctx, p) => {
    const poll = pollOf(ctx.state, p.pollId);
    // The store's flag opens BEFORE the event is logged, so nobody who sees the poll open is refused.
    // Not a draft here: a retry of an open that went through, or a refusal that the decision gives below.
    if (poll.status === 'draft') await ctx.store.setPollOpen(ctx.sessionId, p.pollId, true);
    try {
      const events = await ctx.execute((s) => {
        // The deployment's one clock, so the instance that fires the deadline agrees on when it is.
        const at = ctx.now();
        return decideOpen(s, p.pollId, at, p.durationSec ? at + p.durationSec * 1000 : null);
      });
      // At the deadline, whichever instance's due loop comes first closes it (server/capabilities/dueLoop.ts);
      // ballots after the deadline are refused on every instance in the meantime.
      return seqOf(events);
    } catch (err) {
      // Only when the open certainly did not land: after OUTCOME_UNKNOWN the poll may be open in the log, and
      // closing the flag would refuse its ballots. A draft with an open flag takes none (votes check the state).
      if (!outcomeUnknown(err) && own(ctx.state.polls, p.pollId)?.status !== 'open') await ctx.store.setPollOpen(ctx.sessionId, p.pollId, false).catch(() => undefined);
      throw err;
    }
  },
  'polls:close': async (ctx, p) => seqOf(await closePoll(deps(ctx), ctx.sessionId, p.pollId, ctx.personId, ctx.cid)),
  'polls:setVisibility': async (ctx, p) => {
    const events = await ctx.execute((s) => decideVisibility(s, p.pollId, p.resultsVisibility));
    // Revealing an open poll's results (switching to live): everyone now allowed gets the tally at once,
    // not at the next ballot. A closed poll's logged tally travels with the events.
    afterChange(ctx, p.pollId, null);
    return seqOf(events);
  },
  // Both recompute a closed poll's tally inside the queued decision: after a conflict (another moderator's
  // change landed first) the tally is taken again on the fresh state, so neither change undoes the other.
  'polls:showOfHands': async (ctx, p) => {
    const out: { results: Results | null } = { results: null };
    const events = await ctx.execute(async (s) => {
      const poll = pollOf(s, p.pollId);
      // A closed poll's logged tally is re-issued with the late hall count (the device ballots cannot change).
      out.results = poll.status === 'closed' ? await computeResults(ctx.store, s, poll, true, { showOfHands: p.counts, at: ctx.now() }) : null;
      return decideShowOfHands(s, p.pollId, p.counts, out.results);
    });
    afterChange(ctx, p.pollId, out.results);
    return seqOf(events);
  },
  'polls:hideAnswer': async (ctx, p) => {
    const out: { results: Results | null } = { results: null };
    const events = await ctx.execute(async (s) => {
      const poll = pollOf(s, p.pollId);
      const rest = (own(s.hiddenAnswers, p.pollId) ?? []).filter((id) => id !== p.answerId);
      const hidden = p.hidden ? [...rest, p.answerId] : rest;
      out.results = poll.status === 'closed' ? await computeResults(ctx.store, s, poll, true, { hidden, at: ctx.now() }) : null;
      return decideHide(s, p.pollId, p.answerId, p.hidden, out.results);
    });
    afterChange(ctx, p.pollId, events.length ? out.results : null);
    return seqOf(events);
  },

  'polls:vote': async (ctx, p) => {
    // The poll may have been opened through another instance a moment ago: read the log before refusing.
    if (own(ctx.state.polls, p.pollId)?.status !== 'open') await ctx.hub.catchUp(ctx.sessionId);
    const poll = own(ctx.state.polls, p.pollId);
    if (!poll) throw new DomainError('NOT_FOUND', 'no such poll');
    if (poll.status !== 'open' || (poll.deadline !== null && ctx.now() > poll.deadline)) throw new DomainError('POLL_CLOSED');
    const person = ctx.person;
    if (!person) throw new DomainError('FORBIDDEN');
    checkVoterTarget(ctx.state, poll, person);
    const ballot = validateBallot(poll, p.ballot);
    if (poll.showIf) await checkShown(ctx, poll.showIf, ctx.personId);
    // Stored under the person id (one ballot per person, the last counts) with no name; results drop the key.
    // An open answer (or grid comment) gets its own id, so hiding it leaves someone else's identical text shown.
    // Made from the command (never the person id): a retry stores the same id; a changed answer is a new one.
    const record: StoredBallot = { b: ballot, m: person.modality, r: person.roomId, ...(hasAnswerText(ballot) ? { a: ctx.idFor('answer') } : {}) };
    const r = await ctx.store.castBallot(ctx.sessionId, p.pollId, ctx.personId, JSON.stringify(record));
    if (r === 'closed') throw new DomainError('POLL_CLOSED');
    liveResultsFor(ctx.hub, ctx.store, ctx.log).markDirty(ctx.sessionId, p.pollId, ctx.emit);
    return {};
  },

  'polls:createQuestionnaire': async (ctx, p) => {
    const questionnaireId = ctx.idFor('qn');
    const pollIds = p.polls.map((_, i) => ctx.idFor('poll', i));
    const events = await ctx.execute((s) => decideCreateQuestionnaire(s, questionnaireId, p.title, pollIds, p.polls));
    return { ...seqOf(events), questionnaireId, pollIds };
  },
  'polls:openQuestionnaire': async (ctx, p) => {
    const q = questionnaireOf(ctx.state, p.questionnaireId);
    // Not a draft here: a retry of an open that went through, or a refusal that the decision gives below.
    const drafts = q.status === 'draft' ? q.pollIds.filter((id) => own(ctx.state.polls, id)?.status === 'draft') : [];
    await Promise.all(drafts.map((id) => ctx.store.setPollOpen(ctx.sessionId, id, true)));
    try {
      return seqOf(await ctx.execute((s) => decideOpenQuestionnaire(s, p.questionnaireId, ctx.now())));
    } catch (err) {
      if (!outcomeUnknown(err)) await Promise.all(drafts.filter((id) => own(ctx.state.polls, id)?.status !== 'open').map((id) => ctx.store.setPollOpen(ctx.sessionId, id, false).catch(() => undefined)));
      throw err;
    }
  },
  'polls:closeQuestionnaire': async (ctx, p) => {
    questionnaireOf(ctx.state, p.questionnaireId);
    const out: { results: Results[] } = { results: [] };
    // Ballots stop and the tallies are read inside the queued decision, so a repeat after a conflict tallies
    // on fresh state.
    const events = await ctx.execute(async (s) => {
      const q = questionnaireOf(s, p.questionnaireId);
      if (q.status !== 'open') throw new DomainError('CONFLICT', 'the questionnaire is not open');
      const open = q.pollIds.map((id) => own(s.polls, id)).filter((poll): poll is Poll => poll?.status === 'open');
      await Promise.all(open.map((poll) => ctx.store.setPollOpen(ctx.sessionId, poll.id, false)));
      const at = ctx.now();
      out.results = await Promise.all(open.map((poll) => computeResults(ctx.store, s, poll, true, { at })));
      return decideCloseQuestionnaire(s, p.questionnaireId, out.results);
    });
    for (const r of out.results) {
      const poll = own(ctx.state.polls, r.pollId);
      if (poll) ctx.emit(resultsAudience(ctx.state, poll, true), 'poll:results', r);
    }
    return seqOf(events);
  },
};
