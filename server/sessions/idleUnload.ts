import type { SessionHub } from './SessionHub.js';

export interface IdleUnloadOptions {
  hub: SessionHub;
  /** Unload after this long without a command, an applied event or anything that keeps it busy (IDLE_UNLOAD_MS). */
  idleMs: number;
  /** True while something outside the hub needs the session loaded: a socket here, a due timer in its state. */
  busy: (sessionId: string, hub: SessionHub) => boolean;
  /** How often loaded sessions are looked at (default: a quarter of idleMs, between 50 ms and 60 s). */
  everyMs?: number;
}

/**
 * Unloads idle sessions (issue 20, Bounded): a loaded session with no socket on this instance, no pending command
 * and no due timer for `idleMs` is dropped from the hub; its next use loads it from its snapshot and the log's
 * tail. The walk reads runtimes with `peek`, so it neither loads a session nor counts as a use of one.
 */
export function startIdleUnload(o: IdleUnloadOptions): () => void {
  if (o.idleMs <= 0) return () => {};
  const every = o.everyMs ?? Math.min(60_000, Math.max(50, Math.floor(o.idleMs / 4)));
  const timer = setInterval(() => {
    const now = performance.now();
    for (const sid of o.hub.loaded()) {
      const rt = o.hub.peek(sid);
      if (!rt) continue;
      // Busy counts as activity: the idle time runs from the moment the last socket left or the last timer fired.
      if (o.busy(sid, o.hub)) rt.lastActive = now;
      else if (now - rt.lastActive >= o.idleMs) o.hub.unload(sid);
    }
  }, every);
  timer.unref();
  return () => clearInterval(timer);
}
