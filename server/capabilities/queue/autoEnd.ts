import type { DueTask } from '../dueLoop.js';
import { autoEndAt, decideAutoEnd } from './turns.js';
import type { SessionState } from '../../../shared/domain/state.js';

/**
 * Turns past their deadline plus the session's grace end by themselves. Every instance runs this; the command id
 * names the room, the turn and its deadline, so the log takes the end once cluster-wide (a later "more time"
 * moves the deadline and so makes a new id), and decideAutoEnd is empty once the turn is over.
 */
export const turnAutoEnd: DueTask = async (rt, now, { hub }) => {
  for (const [roomId, q] of Object.entries(rt.state.queues)) {
    const at = autoEndAt(rt.state, roomId);
    if (at === null || at > now || !q.current) continue;
    const { entryId, endsAt } = q.current;
    await hub.execute(rt.id, null, (s) => decideAutoEnd(s, roomId, entryId, now), `due:turn-end:${roomId}:${entryId}:${endsAt}`);
  }
};

/** The earliest moment a turn ends by itself (its deadline plus the grace), over every room; null when none will. */
export function turnAutoEndAt(state: SessionState): number | null {
  let next: number | null = null;
  for (const roomId of Object.keys(state.queues)) {
    const at = autoEndAt(state, roomId);
    if (at !== null && (next === null || at < next)) next = at;
  }
  return next;
}
