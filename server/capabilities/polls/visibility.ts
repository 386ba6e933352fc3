import { canSee, type Viewer } from '../../../shared/domain/audience.js';
import type { SessionState } from '../../../shared/domain/state.js';
import type { SyncHook } from '../session/handlers.js';
import { computeResults } from './results.js';
import { participantsSeeResults, resultsAudience, targetRooms } from './rules.js';
import { own } from '../../../shared/domain/keyed.js';

/** Mirrors the polls' audiences in snapshots: drafts for moderators; results per visibility and target. */
export function redactPolls(state: SessionState, viewer: Viewer): void {
  if (viewer.role === 'moderator') return;
  for (const id of [...state.pollOrder]) {
    if (own(state.polls, id)?.status === 'draft') delete state.polls[id];
  }
  state.pollOrder = state.pollOrder.filter((id) => own(state.polls, id));
  for (const id of [...state.questionnaireOrder]) if (own(state.questionnaires, id)?.status === 'draft') delete state.questionnaires[id];
  state.questionnaireOrder = state.questionnaireOrder.filter((id) => own(state.questionnaires, id));
  for (const q of Object.values(state.questionnaires)) q.pollIds = q.pollIds.filter((id) => own(state.polls, id));
  const screen = viewer.role === 'observer' || viewer.role === 'projector';
  if (!screen) state.hiddenAnswers = {};
  for (const id of Object.keys(state.pollResults)) {
    const p = own(state.polls, id);
    // Observers and the wall see every room's results, but only once they are public (never hidden tallies).
    const sees = p && participantsSeeResults(p) && (screen || targetRooms(state, p.target).some((r) => viewer.rooms.includes(r)));
    if (!sees) delete state.pollResults[id];
  }
  for (const id of Object.keys(state.showOfHands)) {
    const p = own(state.polls, id);
    const sees = p && participantsSeeResults(p) && (screen || targetRooms(state, p.target).some((r) => viewer.rooms.includes(r)));
    if (!sees) delete state.showOfHands[id];
  }
}

/** A screen that connects mid-poll gets the current tally of every open poll it may see, at once. */
export const openPollTallies: SyncHook = async (ctx) => {
  for (const poll of Object.values(ctx.state.polls)) {
    if (poll.status !== 'open' || !canSee(resultsAudience(ctx.state, poll), ctx.viewer)) continue;
    const results = await computeResults(ctx.store, ctx.state, poll, false);
    ctx.emit({ persons: [ctx.viewer.personId] }, 'poll:results', results);
  }
};
