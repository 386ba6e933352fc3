import type { Handlers } from '../types.js';
import { seqOf } from '../types.js';
import {
  decideAssign, decideAutoAssign, decideDeleteRoom, decideBroadcast, decideClearBroadcast, decideCancelMove, decideCreateRoom, decideMove, decideUpdateRoom, decideVisit,
} from './decide.js';

type Names = 'rooms:create' | 'rooms:update' | 'rooms:delete' | 'rooms:autoAssign' | 'rooms:assign' | 'rooms:open' | 'rooms:recall' | 'rooms:cancelMove' | 'rooms:broadcast' | 'rooms:clearBroadcast' | 'rooms:visit';

export const roomsHandlers: Handlers<Names> = {
  'rooms:create': async (ctx, p) => seqOf(await ctx.execute((s) => decideCreateRoom(s, p.name, p.modality, p.callLink))),
  'rooms:update': async (ctx, p) => {
    const { roomId, cid: _cid, ...patch } = p;
    return seqOf(await ctx.execute((s) => decideUpdateRoom(s, roomId, patch)));
  },
  'rooms:delete': async (ctx, p) => seqOf(await ctx.execute((s) => decideDeleteRoom(s, p.roomId))),
  'rooms:autoAssign': async (ctx, p) =>
    seqOf(await ctx.execute((s) => decideAutoAssign(s, p.mode === 'balanced' ? { mode: 'balanced', groups: p.groups } : { mode: 'tablesAndOnline', size: p.size }, Math.random))),
  'rooms:assign': async (ctx, p) => seqOf(await ctx.execute((s) => decideAssign(s, p.personId, p.roomId))),
  'rooms:open': async (ctx, p) => {
    const id = ctx.idFor('move');
    return seqOf(await ctx.execute((s) => decideMove(s, 'open', p.countdownSeconds, p.minutes, id, ctx.now())));
  },
  'rooms:recall': async (ctx, p) => {
    const id = ctx.idFor('move');
    return seqOf(await ctx.execute((s) => decideMove(s, 'recall', p.countdownSeconds, 0, id, ctx.now())));
  },
  'rooms:cancelMove': async (ctx) => seqOf(await ctx.execute((s) => decideCancelMove(s))),
  'rooms:broadcast': async (ctx, p) => {
    const id = ctx.idFor('broadcast');
    return seqOf(await ctx.execute((s) => decideBroadcast(s, ctx.personId, p.text, id, p.minutes, ctx.now())));
  },
  'rooms:clearBroadcast': async (ctx) => seqOf(await ctx.execute((s) => decideClearBroadcast(s))),
  'rooms:visit': async (ctx, p) => seqOf(await ctx.execute((s) => decideVisit(s, ctx.personId, p.roomId))),
};
