import type { Handlers } from '../types.js';
import { seqOf } from '../types.js';
import { decideAddPart, decideEnd, decideExtend, decideSetPrompt, decideSkip, decideStart } from './decide.js';

export const agendaHandlers: Handlers<'agenda:add' | 'agenda:start' | 'agenda:extend' | 'agenda:end' | 'agenda:skip' | 'agenda:setPrompt'> = {
  'agenda:add': async (ctx, p) => seqOf(await ctx.execute((s) => decideAddPart(s, p.title, p.minutes, p.room))),
  'agenda:start': async (ctx, p) => {
    const id = ctx.idFor('run');
    return seqOf(await ctx.execute((s) => decideStart(s, p.partId, id)));
  },
  'agenda:extend': async (ctx, p) => seqOf(await ctx.execute((s) => decideExtend(s, p.minutes))),
  'agenda:end': async (ctx) => {
    const id = ctx.idFor('run');
    return seqOf(await ctx.execute((s) => decideEnd(s, id)));
  },
  'agenda:skip': async (ctx, p) => seqOf(await ctx.execute((s) => decideSkip(s, p.partId))),
  'agenda:setPrompt': async (ctx, p) => seqOf(await ctx.execute((s) => decideSetPrompt(s, p.partId, p.prompt, p.materials))),
};
