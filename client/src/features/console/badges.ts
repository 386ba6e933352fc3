import type { SessionState } from '../../../../shared/domain/state.js';
import { ownEach } from '../../../../shared/domain/keyed.js';

/** The counts on the console's tabs: open polls, breakout groups, people waiting for the floor, people, help waiting. */
export function consoleBadges(state: SessionState) {
  const polls = ownEach(state.polls, state.pollOrder).filter((p) => p.status === 'open' && !p.questionnaireId).length;
  const rooms = state.roomOrder.length - 1;
  const queue = ownEach(state.queues, state.roomOrder).reduce((n, q) => n + q.entries.length, 0);
  const people = ownEach(state.people, state.roster).filter((p) => !p.removed && p.role !== 'moderator').length;
  const help = ownEach(state.help.requests, state.help.order).filter((r) => r.status === 'open').length;
  return { polls, rooms, queue, people, help };
}
