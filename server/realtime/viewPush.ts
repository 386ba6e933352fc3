import type { Socket } from 'socket.io';
import type { Logger } from 'pino';
import type { Audience, Viewer } from '../../shared/domain/audience.js';
import { VIEW_PUSH_PROTOCOL } from '../../shared/protocol/version.js';
import { runSyncHooks, snapshotReply } from '../capabilities/session/handlers.js';
import type { SessionRuntime } from '../sessions/SessionHub.js';
import type { Store } from '../store/Store.js';
import type { SocketData } from './socketData.js';

export interface ViewPushDeps {
  store: Store;
  now(): number;
  /** Transient messages to an audience of the session (the sync hooks' tallies). */
  emit(sessionId: string, audience: Audience, event: string, payload: unknown): void;
  log: Logger;
}

/**
 * What a socket may see widened into a part with history it could not see (issue 20, views pushed on widening):
 * the instance that holds the socket sends it its own snapshot, the very reply `session:sync` would give it
 * (same builder, same redactors), and runs the sync hooks as that sync would (open polls' tallies). One
 * message instead of "resync, please" followed by a round trip. Clients of protocol 1 do not know
 * `session:view`: they are still asked to sync.
 *
 * The snapshot is of the state after the whole batch being fanned out, so it may already hold events that
 * are delivered live right after it: the client skips those (they are at or below its seq), and the
 * socket's `lastSent` is left as it is (the next live event's `prev` is then at or below the snapshot's seq,
 * which the client does not take for a gap).
 */
export function pushView(socket: Socket, rt: SessionRuntime, viewer: Viewer, deps: ViewPushDeps): void {
  const data = socket.data as SocketData;
  if (data.protocol < VIEW_PUSH_PROTOCOL) {
    socket.emit('session:resync', { reason: 'view changed' });
    return;
  }
  socket.emit('session:view', { ...snapshotReply(rt, viewer, data.personId, deps.now()), reason: 'view changed' });
  runSyncHooks({
    viewer,
    store: deps.store,
    log: deps.log,
    get state() {
      return rt.state;
    },
    emit: (audience, event, payload) => deps.emit(rt.id, audience, event, payload),
  }, { snapshot: true });
}
