import type { Handlers } from '../types.js';
import { seqOf } from '../types.js';
import { decideClose, decideRequest, decideTake, openRequestOf } from './decide.js';

export const helpHandlers: Handlers<'help:request' | 'help:take' | 'help:close'> = {
  'help:request': async (ctx, p) => {
    const id = ctx.idFor('help');
    const events = await ctx.execute((s) => decideRequest(s, ctx.personId, id, p.note, ctx.now()));
    const requestId = (events[0]?.data as { request?: { id: string } } | undefined)?.request?.id ?? openRequestOf(ctx.state, ctx.personId)?.id ?? id;
    return { ...seqOf(events), requestId };
  },
  'help:take': async (ctx, p) => seqOf(await ctx.execute((s) => decideTake(s, ctx.viewer, p.requestId))),
  'help:close': async (ctx, p) => seqOf(await ctx.execute((s) => decideClose(s, ctx.viewer, p.requestId))),
};
