import type { Handlers } from '../types.js';
import { seqOf } from '../types.js';
import { decideRemove, decideRename, decideSetLabel, decideSetNote, decideSetRole, decideSetSupport } from './decide.js';

export const peopleHandlers: Handlers<'people:rename' | 'people:setRole' | 'people:setLabel' | 'people:setSupport' | 'people:remove' | 'people:setNote'> = {
  'people:rename': async (ctx, p) => seqOf(await ctx.execute((s) => decideRename(s, p.personId, p.name))),
  'people:setRole': async (ctx, p) => seqOf(await ctx.execute((s) => decideSetRole(s, p.personId, p.role))),
  'people:setLabel': async (ctx, p) => seqOf(await ctx.execute((s) => decideSetLabel(s, p.personId, p.label))),
  'people:setSupport': async (ctx, p) => seqOf(await ctx.execute((s) => decideSetSupport(s, p.personId, p.support))),
  'people:setNote': async (ctx, p) => seqOf(await ctx.execute((s) => decideSetNote(s, p.personId, p.note))),
  'people:remove': async (ctx, p) => seqOf(await ctx.execute((s) => decideRemove(s, ctx.personId, p.personId, p.reason))),
};
