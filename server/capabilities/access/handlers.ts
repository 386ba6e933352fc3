import { DomainError } from '../../../shared/protocol/errors.js';
import { newJoinCode } from '../../auth/ids.js';
import type { Handlers } from '../types.js';
import { seqOf } from '../types.js';
import { decideJoinCode, decideJoining, decideObserverCap, decideReissue } from './decide.js';

export const accessHandlers: Handlers<'access:reissueLinks' | 'access:changeJoinCode' | 'access:setJoining' | 'access:setObserverCap'> = {
  'access:reissueLinks': async (ctx) => {
    const links = ctx.links;
    if (!links) throw new DomainError('INTERNAL', 'links are not configured');
    const before = ctx.state.access.generation;
    // The sender's connection is spared before the event is applied (the sweep runs when it is applied, before
    // this handler resumes): it gets its new token in the ack. If another moderator re-issued at the same
    // moment, the logged generation is higher than guessed: adopt that one.
    ctx.adoptGeneration?.(before + 1);
    let generation: number;
    try {
      const events = await ctx.execute((s) => decideReissue(s));
      generation = (events[0]?.data as { generation: number } | undefined)?.generation ?? ctx.state.access.generation;
      ctx.adoptGeneration?.(generation);
      return { ...seqOf(events), generation, links: links.all(ctx.state), token: links.personToken(ctx.state, ctx.personId, 'moderator') };
    } catch (err) {
      ctx.adoptGeneration?.(before);
      throw err;
    }
  },
  'access:changeJoinCode': async (ctx) => {
    let code = newJoinCode();
    // Codes live in one directory for every session: claim a free one first (the old one stays claimed, so it
    // can never open another session; the state says it is no longer current).
    for (let i = 0; !(await ctx.store.claimJoinCode(code, ctx.sessionId)); i++) {
      if (i > 10) throw new DomainError('UNAVAILABLE', 'could not allocate a join code; retry');
      code = newJoinCode();
    }
    const events = await ctx.execute((s) => decideJoinCode(s, code));
    return { ...seqOf(events), joinCode: ctx.state.joinCode };
  },
  'access:setJoining': async (ctx, p) => seqOf(await ctx.execute((s) => decideJoining(s, p.open))),
  'access:setObserverCap': async (ctx, p) => seqOf(await ctx.execute((s) => decideObserverCap(s, p.cap))),
};
