import type { Audience } from '../../../shared/domain/audience.js';
import type { StoredEvent } from '../../../shared/domain/eventTypes.js';
import type { ServerEventName } from '../../../shared/protocol/registry.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import type { SessionHub } from '../../sessions/SessionHub.js';
import type { Store } from '../../store/Store.js';
import { decideClose } from './decide.js';
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
 * then the final results are sent to the results audience.
 */
export async function closePoll(deps: CloseDeps, sessionId: string, pollId: string, by: string | null, cid?: string): Promise<StoredEvent[]> {
  const rt = await deps.hub.require(sessionId);
  const poll = own(rt.state.polls, pollId);
  if (!poll) throw new DomainError('NOT_FOUND', 'no such poll');
  if (poll.status !== 'open') throw new DomainError('CONFLICT', 'the poll is not open');
  await deps.store.setPollOpen(sessionId, pollId, false);
  const results = await computeResults(deps.store, rt.state, poll, true);
  const events = await deps.hub.execute(sessionId, by, (s) => decideClose(s, pollId, results), cid);
  const after = own(rt.state.polls, pollId) ?? poll;
  deps.emit(resultsAudience(rt.state, after, true), 'poll:results', results);
  return events;
}
