import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { decideInstanceGone } from '../capabilities/people/decide.js';
import type { SessionHub } from '../sessions/SessionHub.js';

/**
 * After a restart of the embedded default (one instance), every connection counted in the log belongs to
 * the previous run: nobody is connected until they reconnect. The multi-instance janitor clears dead
 * instances by heartbeat, but it only runs with Redis and only for loaded sessions; here every session is
 * loaded at start (so its poll deadlines and countdowns run again too) and the old runs' counts are cleared.
 */
export async function sweepAfterRestart(hub: SessionHub, log: Logger): Promise<number> {
  // Runs before the server listens: no socket is connected, so every count is stale — also those under this
  // instance's own id when INSTANCE_ID is fixed. The command id is new per start: `gone-<id>` alone would be
  // taken for a duplicate of the previous restart's sweep when the same id comes back.
  const run = randomBytes(6).toString('hex');
  let sessions = 0;
  for (const sid of await hub.store.listSessions()) {
    try {
      const rt = await hub.get(sid);
      if (!rt) continue;
      sessions += 1;
      const previous = new Set<string>();
      for (const p of Object.values(rt.state.people)) for (const [i, n] of Object.entries(p.connections)) if (n > 0) previous.add(i);
      for (const i of previous) await hub.execute(sid, null, (s) => decideInstanceGone(s, i), `restart-${run}-${i}`);
    } catch (err) {
      // One damaged session must not keep the others from being served.
      log.error({ err, sessionId: sid }, 'session could not be restored at start');
    }
  }
  return sessions;
}
