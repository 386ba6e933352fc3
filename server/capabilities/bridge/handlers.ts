import { DomainError } from '../../../shared/protocol/errors.js';
import type { Handlers } from '../types.js';
import { seqOf } from '../types.js';
import { decideAnswerCheckIn, decideAskCheckIn, decideHighlight, decideProject, decideSay } from './decide.js';
import { MINUTE, REACT_RATE, countReaction } from './pulse.js';
import { sessionCounter } from '../../store/keys.js';

type Names = 'bridge:say' | 'bridge:highlight' | 'bridge:project' | 'bridge:askCheckIn' | 'bridge:answerCheckIn' | 'bridge:react';

export const bridgeHandlers: Handlers<Names> = {
  'bridge:say': async (ctx, p) => {
    const id = ctx.idFor('msg');
    return seqOf(await ctx.execute((s) => decideSay(s, ctx.viewer, id, p.text, p.toFacilitators, ctx.now())));
  },
  'bridge:highlight': async (ctx, p) => {
    const id = ctx.idFor('hl');
    const events = await ctx.execute((s) => decideHighlight(s, ctx.viewer, id, p.source, ctx.now(), p.minutes));
    const h = (events[0]?.data as { highlight?: { id: string } } | undefined)?.highlight;
    return { ...seqOf(events), highlightId: h?.id ?? id };
  },
  'bridge:project': async (ctx, p) => seqOf(await ctx.execute((s) => decideProject(s, p.highlightId, ctx.now()))),
  'bridge:askCheckIn': async (ctx) => {
    const id = ctx.idFor('ci');
    const events = await ctx.execute((s) => decideAskCheckIn(s, id));
    return { ...seqOf(events), checkInId: (events[0]?.data as { id?: string } | undefined)?.id ?? id };
  },
  'bridge:answerCheckIn': async (ctx, p) => seqOf(await ctx.execute((s) => decideAnswerCheckIn(s, p.checkInId, p.summary, p.highlightIds))),
  'bridge:react': async (ctx, p) => {
    const n = await ctx.store.hit(sessionCounter(ctx.sessionId, 'react-rate', ctx.personId), REACT_RATE.windowMs);
    if (n > REACT_RATE.max) throw new DomainError('RATE_LIMITED', 'too many reactions; wait a few seconds');
    // Reactions are not logged, so no cid check of the log sees a retry: the store marks the cid first
    // (at most once: a retry after a lost answer is not counted again).
    if (ctx.cid && (await ctx.store.hit(sessionCounter(ctx.sessionId, 'react-cid', ctx.personId, ctx.cid), MINUTE)) > 1) return {};
    const pulse = await countReaction(ctx.store, ctx.sessionId, ctx.personId, p.reaction, ctx.now());
    ctx.emit({ roles: ['moderator'] }, 'bridge:pulse', pulse);
    return {};
  },
};
