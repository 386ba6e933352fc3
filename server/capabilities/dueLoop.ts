import type { Logger } from 'pino';
import type { Audience } from '../../shared/domain/audience.js';
import type { ServerEventName } from '../../shared/protocol/registry.js';
import type { SessionHub, SessionRuntime } from '../sessions/SessionHub.js';
import type { Store } from '../store/Store.js';
import { breakoutTimerUp, decideBreakoutEnd, decideDue } from './rooms/decide.js';
import { closePoll } from './polls/close.js';
import { turnAutoEnd, turnAutoEndAt } from './queue/autoEnd.js';
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

/** The earliest of the times given, ignoring null; null when there is none. */
function earliest(...times: Array<number | null | undefined>): number | null {
  let next: number | null = null;
  for (const t of times) if (t !== null && t !== undefined && (next === null || t < next)) next = t;
  return next;
}

/** When the announced countdown move happens. */
export const pendingMoveAt = (state: SessionState): number | null => state.roomsRun.pendingMove?.at ?? null;

/** When the breakout timer runs out (mirrors breakoutTimerUp: open, a timer, no move announced yet). */
export function breakoutEndAt(state: SessionState): number | null {
  const run = state.roomsRun;
  return run.open && !run.pendingMove ? run.breakoutEndsAt : null;
}

/** The earliest deadline of an open poll. */
export function pollDeadlineAt(state: SessionState): number | null {
  return earliest(...Object.values(state.polls).map((p) => (p.status === 'open' ? p.deadline : null)));
}

/** When the projected highlight, or the one on the wall, expires. */
export function highlightExpiryAt(state: SessionState): number | null {
  const wall = state.wall;
  return earliest(state.bridge.projected?.expiresAt, wall?.kind === 'highlight' ? wall.expiresAt : null);
}

/**
 * Each task with the pure `nextAt` that says when it will act: the store time, or null when the state holds
 * nothing for it. The room's one timer is armed for the earliest (server/sessions/dueTimer.ts).
 */
const TASKS: Array<{ nextAt: (state: SessionState) => number | null; run: DueTask }> = [
  { nextAt: pendingMoveAt, run: pendingMove },
  { nextAt: breakoutEndAt, run: breakoutEnd },
  { nextAt: pollDeadlineAt, run: pollDeadlines },
  { nextAt: turnAutoEndAt, run: turnAutoEnd },
  { nextAt: highlightExpiryAt, run: highlightExpiry },
];

/** The earliest store time at which some due task will act on this state; null when none will. */
export function nextDueAt(state: SessionState): number | null {
  return earliest(...TASKS.map((t) => t.nextAt(state)));
}

/**
 * Whether the state holds a deadline that a due task will act on some day (a countdown, a breakout timer, a poll
 * deadline, a turn that ends by itself, a highlight that expires): such a session is never unloaded for being idle,
 * since only a loaded session's room has a timer.
 */
export function hasDueTimer(state: SessionState): boolean {
  return nextDueAt(state) !== null;
}

/** Runs every task due at `now` on one room (each failure logged; the others still run). */
async function runDue(rt: SessionRuntime, now: number, deps: DueDeps): Promise<void> {
  for (const task of TASKS) await task.run(rt, now, deps).catch((err) => deps.log.warn({ err: String(err), sessionId: rt.id }, 'due task failed'));
}

/**
 * Installs the due tasks on the hub: each loaded session's room arms one timer for its earliest deadline and runs
 * the tasks when it fires (issue 20, one room per session). All instances may fire; each task is idempotent (its
 * command id makes the log take it once). A session loaded nowhere has nobody connected, and is armed when loaded.
 * Returns the stop function (every room's timer is cleared).
 */
export function startDueLoop(deps: DueDeps, sweepMs?: number): () => void {
  deps.hub.setDuePlan({ nextAt: nextDueAt, run: (rt, now) => runDue(rt, now, deps) }, sweepMs);
  return () => deps.hub.setDuePlan(null);
}
