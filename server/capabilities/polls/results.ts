import type { Poll, Results } from '../../../shared/domain/polls/schemas.js';
import { parseBallots, tally } from '../../../shared/domain/polls/tally.js';
import type { SessionState } from '../../../shared/domain/state.js';
import type { Store } from '../../store/Store.js';
import { targetRooms } from './rules.js';
import { own } from '../../../shared/domain/keyed.js';

/** Reads a poll's ballots from the store and tallies them (the person ids, the hash keys, are dropped here). */
export async function computeResults(
  store: Store,
  state: SessionState,
  poll: Poll,
  final: boolean,
  override: { showOfHands?: number[]; hidden?: string[]; at?: number } = {},
): Promise<Results> {
  const ballots = await store.readBallots(state.id, poll.id);
  return tally(poll, parseBallots(ballots.values()), {
    showOfHands: override.showOfHands ?? own(state.showOfHands, poll.id) ?? null,
    hidden: override.hidden ?? own(state.hiddenAnswers, poll.id) ?? [],
    final,
    at: override.at ?? Date.now(),
    rooms: targetRooms(state, poll.target),
  });
}

/** People who answered every poll of a questionnaire, and people who answered at least one. */
export async function computeProgress(store: Store, state: SessionState, questionnaireId: string) {
  const q = own(state.questionnaires, questionnaireId);
  const perPoll = await Promise.all((q?.pollIds ?? []).map((id) => store.readBallots(state.id, id)));
  const counts = new Map<string, number>();
  for (const m of perPoll) for (const pid of m.keys()) counts.set(pid, (counts.get(pid) ?? 0) + 1);
  let finished = 0;
  for (const n of counts.values()) if (n === perPoll.length) finished++;
  return { questionnaireId, finished, started: counts.size, computedAt: Date.now() };
}
