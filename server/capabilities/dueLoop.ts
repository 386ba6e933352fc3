import type { Logger } from 'pino';
import type { Audience } from '../../shared/domain/audience.js';
import type { ServerEventName } from '../../shared/protocol/registry.js';
import type { SessionHub, SessionRuntime } from '../sessions/SessionHub.js';
import type { Store } from '../store/Store.js';
import { breakoutTimerUp, decideBreakoutEnd, decideDue } from './rooms/decide.js';
import { closePoll } from './polls/close.js';
import { turnAutoEnd } from './queue/autoEnd.js';
import { autoEndAt } from './queue/turns.js';
import type { SessionState } from '../../shared/domain/state.js';
import { decideHighlightExpiry, expiredHighlightId } from './bridge/decide.js';

export interface DueDeps {
  hub: SessionHub;
  store: Store;
  log: Logger;
  emit(sessionId: string, audience: Audience, event: ServerEventName, payload: unknown): void;
}

/** Something a session's state says must happen at a time: checked by every instance, done once. */
export type DueTask = (rt: SessionRuntime, now: number, deps: DueDeps) => Promise<void>;

/** A countdown move (open/recall breakouts). decideDue is idempotent and `due:<moveId>` makes the log take it once. */
export const pendingMove: DueTask = async (rt, now, { hub }) => {
  const move = rt.state.roomsRun.pendingMove;
  if (!move || move.at > now) return;
  await hub.execute(rt.id, null, (s) => decideDue(s, now), `due:${move.id}`);
};

/** The breakout timer ran out: a recall with an announced countdown, scheduled once cluster-wide. */
export const breakoutEnd: DueTask = async (rt, now, { hub }) => {
  if (!breakoutTimerUp(rt.state, now)) return;
  await hub.execute(rt.id, null, (s) => decideBreakoutEnd(s, now), `due:breakout-end:${rt.state.roomsRun.breakoutEndsAt}`);
};

/** A poll open "until a deadline": closed with its exact final tally by whichever instance gets there first. */
const pollDeadlines: DueTask = async (rt, now, deps) => {
  for (const poll of Object.values(rt.state.polls)) {
    if (poll.status !== 'open' || poll.deadline === null || poll.deadline > now) continue;
    const emit = (a: Audience, e: ServerEventName, p: unknown) => deps.emit(rt.id, a, e, p);
    // Another instance may close it at the same moment: the shared command id appends once, the loser gets CONFLICT.
    await closePoll({ hub: deps.hub, store: deps.store, emit }, rt.id, poll.id, null, `deadline-${poll.id}`).catch(() => undefined);
  }
};

/** A projected highlight's time ran out: off the projector and the wall, once cluster-wide. */
const highlightExpiry: DueTask = async (rt, now, { hub }) => {
  const id = expiredHighlightId(rt.state, now);
  if (id === null) return;
  await hub.execute(rt.id, null, (s) => decideHighlightExpiry(s, now), `due:highlight-expired:${id}`);
};

const TASKS: DueTask[] = [pendingMove, breakoutEnd, pollDeadlines, turnAutoEnd, highlightExpiry];

/**
 * Whether the state holds a deadline that a due task will act on some day (a countdown, a breakout timer, a poll
 * deadline, a turn that ends by itself, a highlight that expires): such a session is never unloaded for being idle,
 * since the due loop only walks loaded sessions. Each line mirrors a task above, at a time past every deadline.
 */
export function hasDueTimer(state: SessionState): boolean {
  const run = state.roomsRun;
  if (run.pendingMove || breakoutTimerUp(state, Infinity)) return true;
  if (Object.values(state.polls).some((p) => p.status === 'open' && p.deadline !== null)) return true;
  if (Object.keys(state.queues).some((roomId) => autoEndAt(state, roomId) !== null)) return true;
  return expiredHighlightId(state, Infinity) !== null;
}

/**
 * Every instance checks the sessions it has loaded, a few times a second, and runs what is due. All instances
 * may try; each task is idempotent. A session loaded nowhere has nobody connected, and is checked when loaded.
 */
export function startDueLoop(deps: DueDeps, everyMs = 250): () => void {
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      for (const sid of deps.hub.loaded()) {
        // peek, not get: the walk must neither reload a session unloaded meanwhile (idle) nor count as its use.
        const rt = deps.hub.peek(sid);
        if (!rt) continue;
        // The store's clock as this instance estimates it: deadlines were set with it, whatever this machine's clock says.
        for (const task of TASKS) await task(rt, deps.hub.now(), deps).catch((err) => deps.log.warn({ err: String(err), sessionId: sid }, 'due task failed'));
      }
    } finally {
      busy = false;
    }
  }, everyMs);
  return () => clearInterval(timer);
}
