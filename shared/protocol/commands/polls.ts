import { z } from 'zod';
import { MODERATORS, NO_RESULT, command, payload } from '../define.js';
import { Id } from '../primitives.js';
import { BallotSchema, POLL_LIMITS, PollInputSchema, ResultsSchema, ResultsVisibility } from '../../domain/polls/schemas.js';

const VOTERS = ['participant', 'facilitator'] as const;
/** Who may enter answers on behalf of people without a device. */
const HELPERS = ['moderator', 'facilitator'] as const;

export const pollCommands = {
  'polls:create': command({
    payload: payload({ poll: PollInputSchema }),
    result: z.object({ seq: z.number().int().optional(), pollId: z.string() }),
    roles: MODERATORS,
    doc: 'Prepare a poll as a draft (seen by moderators only). Kinds: single, multiple (maxChoices), scale (min..max with labelled ends), yesno, ranking, open.',
  }),
  'polls:update': command({
    payload: payload({ pollId: Id, poll: PollInputSchema }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Replace the definition of a draft poll. CONFLICT once it was opened.',
  }),
  'polls:delete': command({
    payload: payload({ pollId: Id }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Delete a draft poll. CONFLICT once it was opened (results are never thrown away).',
  }),
  'polls:open': command({
    payload: payload({ pollId: Id, durationSec: z.number().int().min(10).max(24 * 3600).nullable().default(null) }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Open a draft poll for ballots, optionally until a deadline `durationSec` from now (server time). A closed poll cannot reopen.',
  }),
  'polls:close': command({
    payload: payload({ pollId: Id }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Close an open poll: no ballot is accepted afterwards; the exact final tally is logged (`poll:finalResults`) and sent.',
  }),
  'polls:setVisibility': command({
    payload: payload({ pollId: Id, resultsVisibility: ResultsVisibility }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Who besides moderators, observers and the projector sees results: participants live, only after closing, or never.',
  }),
  'polls:showOfHands': command({
    payload: payload({ pollId: Id, counts: z.array(z.number().int().min(0).max(POLL_LIMITS.maxShowOfHands)).max(21) }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Enter the hall\'s show-of-hands count per option (or per scale value). Reported as a separate labelled series, never added to device ballots.',
  }),
  'polls:hideAnswer': command({
    payload: payload({ pollId: Id, answerId: Id, hidden: z.boolean() }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Hide (or show again) one open answer or grid comment (its id in the results) from the results list and word frequencies; someone else\'s identical answer stays shown. An id that is a text hash (older logs) hides every answer with that text.',
  }),
  'polls:vote': command({
    payload: payload({ pollId: Id, ballot: BallotSchema }),
    result: z.object({}),
    roles: VOTERS,
    idempotent: true,
    doc: 'Cast or change one\'s ballot; the last one counts. Not logged (ballots are stored apart from names); acked once persisted. INVALID_BALLOT, POLL_CLOSED, FORBIDDEN (poll of another room).',
  }),
  'polls:createQuestionnaire': command({
    payload: payload({
      title: z.string().trim().min(1).max(POLL_LIMITS.questionLength),
      polls: z.array(PollInputSchema).min(1).max(POLL_LIMITS.maxPollsPerQuestionnaire),
    }),
    result: z.object({ seq: z.number().int().optional(), questionnaireId: z.string(), pollIds: z.array(z.string()) }),
    roles: MODERATORS,
    doc: 'Prepare an individual questionnaire: an ordered set of draft polls that each person answers at their own pace.',
  }),
  'polls:enterForParticipant': command({
    payload: payload({ pollId: Id, ballot: BallotSchema }),
    result: z.object({ respondentId: z.string() }),
    roles: HELPERS,
    doc: 'A helper (moderator, or a facilitator in the poll\'s room) enters the answer of a person without a device: one new anonymous onsite respondent per command (server-made id; a retry with the same cid is the same respondent), counted with the device ballots and marked "entered by a helper" (`byEntry`).',
  }),
  'polls:enterPaperQuestionnaire': command({
    payload: payload({
      questionnaireId: Id,
      answers: z.array(z.strictObject({ pollId: Id, ballot: BallotSchema })).min(1).max(POLL_LIMITS.maxPollsPerQuestionnaire),
    }),
    result: z.object({ respondentId: z.string() }),
    roles: HELPERS,
    doc: 'A helper types in one filled-in paper questionnaire: every answer is stored for one new anonymous onsite respondent, marked "entered by a helper". Conditional questions are checked against the same form\'s answers (QUESTION_NOT_SHOWN).',
  }),
  'polls:openQuestionnaire': command({
    payload: payload({ questionnaireId: Id }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Open every poll of a draft questionnaire at once; moderators then receive `poll:progress`.',
  }),
  'polls:closeQuestionnaire': command({
    payload: payload({ questionnaireId: Id }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Close every open poll of a questionnaire (each gets its exact final tally).',
  }),
};

export const PollResultsMessage = ResultsSchema;
export const PollProgressMessage = z.object({
  questionnaireId: z.string(),
  /** People with a ballot on every poll of the questionnaire. */
  finished: z.number(),
  /** People with a ballot on at least one of its polls. */
  started: z.number(),
  computedAt: z.number(),
});
