import type { StoredEvent } from '../../../shared/domain/eventTypes.js';
import type { Handlers } from '../types.js';
import { seqOf } from '../types.js';
import { decideExtend, decideInvite, decideSettings } from './turns.js';
import { decideAdd, decideEnd, decideLower, decideNext, decideRaise, decideRemove, findOwnEntry, ownQueueRoom } from './decide.js';

/** The entry id an appended event names (a retried cid returns the logged events, so the id is the logged one). */
function entryIdOf(events: StoredEvent[], fallback: string): string {
  const d = events.find((e) => e.type === 'queue:raised' || e.type === 'queue:floorGiven')?.data as { entryId?: string } | undefined;
  return d?.entryId ?? fallback;
}

export const queueHandlers: Handlers<
  'queue:raise' | 'queue:lower' | 'queue:add' | 'queue:invite' | 'queue:remove' | 'queue:next' | 'queue:end' | 'queue:extend' | 'queue:settings'
> = {
  'queue:raise': async (ctx, p) => {
    const id = ctx.idFor('entry');
    const events = await ctx.execute((s) => decideRaise(s, ctx.viewer, p.roomId, id));
    if (events.length) return { ...seqOf(events), entryId: entryIdOf(events, id) };
    // Already raised: answer with the entry that is up.
    const room = ownQueueRoom(ctx.state, ctx.viewer, p.roomId);
    return { entryId: findOwnEntry(ctx.state, room, ctx.personId)?.id ?? id };
  },
  'queue:lower': async (ctx, p) => seqOf(await ctx.execute((s) => decideLower(s, ctx.viewer, p.roomId))),
  'queue:add': async (ctx, p) => {
    const id = ctx.idFor('entry');
    const events = await ctx.execute((s) => decideAdd(s, ctx.viewer, p.roomId, id, p.name, p.modality ?? 'onsite', p.confirmDuplicate ?? false));
    return { ...seqOf(events), entryId: entryIdOf(events, id) };
  },
  'queue:invite': async (ctx, p) => {
    const id = ctx.idFor('entry');
    const events = await ctx.execute((s) => decideInvite(s, ctx.viewer, p.roomId, p.personId, id));
    if (events.length) return { ...seqOf(events), entryId: entryIdOf(events, id) };
    // Their hand is already up: answer with that entry.
    return { entryId: findOwnEntry(ctx.state, p.roomId, p.personId)?.id ?? id };
  },
  'queue:remove': async (ctx, p) => seqOf(await ctx.execute((s) => decideRemove(s, ctx.viewer, p.roomId, p.entryId))),
  'queue:next': async (ctx, p) => {
    const events = await ctx.execute((s) => decideNext(s, ctx.viewer, p.roomId, p.entryId, p.seconds, p.expectedCurrent));
    return { ...seqOf(events), entryId: entryIdOf(events, p.entryId ?? '') };
  },
  'queue:end': async (ctx, p) => seqOf(await ctx.execute((s) => decideEnd(s, ctx.viewer, p.roomId))),
  'queue:extend': async (ctx, p) => seqOf(await ctx.execute((s) => decideExtend(s, ctx.viewer, p.roomId, p.entryId, p.seconds, ctx.now()))),
  'queue:settings': async (ctx, p) => seqOf(await ctx.execute((s) => decideSettings(s, p))),
};
