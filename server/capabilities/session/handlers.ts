import type { WireEvent, StoredEvent } from '../../../shared/domain/eventTypes.js';
import type { Viewer } from '../../../shared/domain/audience.js';
import type { SessionRuntime } from '../../sessions/SessionHub.js';
import type { CommandContext, Handlers } from '../types.js';
import { visibleState } from './visibility.js';
import { replayFor } from '../eventRedaction.js';
import { CAPABILITY_VIEWS } from '../views.js';

/** Beyond this many missed events a snapshot is smaller and faster than the replay. */
const MAX_REPLAY = 1000;

export function toWire(e: StoredEvent): WireEvent {
  return { seq: e.seq, at: e.at, by: e.by, type: e.type, data: e.data };
}

/**
 * Work a capability does for a client that has just caught up, for what is not in the log (e.g. the current
 * live tally of open polls, which is otherwise sent only when a ballot changes it).
 */
export type SyncHook = (ctx: SyncContext, sync: { snapshot: boolean }) => Promise<void>;
/** What a sync hook may use: a command's context, or the one built for a view pushed on widening (socketServer.ts). */
export type SyncContext = Pick<CommandContext, 'state' | 'viewer' | 'store' | 'emit' | 'log'>;
export function runSyncHooks(ctx: SyncContext, sync: { snapshot: boolean }): void {
  // After the ack is on its way; a failure here only delays what the next change would send anyway.
  setImmediate(() => {
    for (const { syncHook } of CAPABILITY_VIEWS) syncHook?.(ctx, sync).catch((err) => ctx.log.debug({ err: String(err) }, 'sync hook failed'));
  });
}

/**
 * A snapshot of the viewer's view, redacted for it, in the shape of a `session:sync` reply: the answer to a sync
 * that needs one, and the `session:view` a server pushes when what a socket may see widens (issue 20).
 */
export function snapshotReply(rt: SessionRuntime, viewer: Viewer, personId: string, serverTime: number) {
  return { seq: rt.state.seq, serverTime, personId, replay: { kind: 'snapshot' as const, state: visibleState(rt.state, viewer) } };
}

export const sessionHandlers: Handlers<'session:sync' | 'time:sync'> = {
  'session:sync': async (ctx, p) => {
    const rt = ctx.runtime;
    // The client may have seen events (through another instance) that this one has not applied yet.
    if (p.sinceSeq !== null && p.sinceSeq > rt.state.seq) await ctx.hub.catchUp(ctx.sessionId);
    const base = { seq: rt.state.seq, serverTime: ctx.hub.now(), personId: ctx.personId };
    const missed = p.sinceSeq === null ? null : ctx.hub.recentSince(rt, Math.min(p.sinceSeq, rt.state.seq));
    if (missed && missed.length <= MAX_REPLAY) {
      runSyncHooks(ctx, { snapshot: false });
      return { ...base, replay: { kind: 'events' as const, events: replayFor(missed, ctx.viewer, rt.state).map(toWire) } };
    }
    runSyncHooks(ctx, { snapshot: true });
    return snapshotReply(rt, ctx.viewer, ctx.personId, base.serverTime);
  },
  // The store's clock, as every instance estimates it: clients count down against the deployment's one clock.
  'time:sync': async (ctx) => ({ serverTime: ctx.hub.now() }),
};
