import type { Audience } from '../../../shared/domain/audience.js';
import type { StoredEvent } from '../../../shared/domain/eventTypes.js';
import type { ServerEventName } from '../../../shared/protocol/registry.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import type { SessionHub } from '../../sessions/SessionHub.js';
import type { Store } from '../../store/Store.js';
import type { Results } from '../../../shared/domain/polls/schemas.js';
import { decideClose, pollOf } from './decide.js';
import { computeResults } from './results.js';
import { resultsAudience } from './rules.js';
import { own } from '../../../shared/domain/keyed.js';

export interface CloseDeps {
  hub: SessionHub;
  store: Store;
  emit(audience: Audience, event: ServerEventName, payload: unknown): void;
}

/**
 * Closes a poll so that its final tally is exact: the store stops taking ballots FIRST (atomically with
 * castBallot), then the ballots are read and tallied, then `poll:closed` + `poll:finalResults` are logged,
 * then the final results are sent to the results audience. All of it runs inside the session's queued step
 * that decides and appends, so a run repeated after a conflict tallies again on fresh state (hidden answers,
 * a hall count logged meanwhile) instead of logging a tally read before it.
 */
export async function closePoll(deps: CloseDeps, sessionId: string, pollId: string, by: string | null, cid?: string): Promise<StoredEvent[]> {
  const rt = await deps.hub.require(sessionId);
  pollOf(rt.state, pollId);
  const out: { results: Results | null } = { results: null };
  const events = await deps.hub.execute(
    sessionId,
    by,
    async (s) => {
      const poll = pollOf(s, pollId);
      if (poll.status !== 'open') throw new DomainError('CONFLICT', 'the poll is not open');
      // Idempotent, so a repeated decision may do it again.
      await deps.store.setPollOpen(sessionId, pollId, false);
      out.results = await computeResults(deps.store, s, poll, true, { at: deps.hub.now() });
      return decideClose(s, pollId, out.results);
    },
    cid,
  );
  const after = own(rt.state.polls, pollId);
  // A retry answered with the first run's events sends nothing again: the first run did.
  if (out.results && after) deps.emit(resultsAudience(rt.state, after, true), 'poll:results', out.results);
  return events;
}
