import type { DueTask } from '../dueLoop.js';
import { autoEndAt, decideAutoEnd } from './turns.js';

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
