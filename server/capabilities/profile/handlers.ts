import type { Handlers } from '../types.js';
import { seqOf } from '../types.js';
import { decideAnswer } from './decide.js';

export const profileHandlers: Handlers<'profile:answer'> = {
  'profile:answer': async (ctx, p) => seqOf(await ctx.execute((s) => decideAnswer(s, ctx.personId, p.choices))),
};
