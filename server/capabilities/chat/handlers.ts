import { DomainError } from '../../../shared/protocol/errors.js';
import type { Handlers } from '../types.js';
import { seqOf } from '../types.js';
import { CHAT_RATE, chatRoomFor, decideHide, decidePost } from './decide.js';
import { sessionCounter } from '../../store/keys.js';

export const chatHandlers: Handlers<'chat:send' | 'chat:hide'> = {
  'chat:send': async (ctx, p) => {
    chatRoomFor(ctx.state, ctx.viewer, p.roomId); // refuse before counting against the rate limit
    // Counted in the store so a flood is limited across instances; a retried cid is not a new message,
    // but it is counted too: harmless, the retry is answered from the log either way.
    const n = await ctx.store.hit(sessionCounter(ctx.sessionId, 'chat', ctx.personId), CHAT_RATE.windowMs);
    if (n > CHAT_RATE.max) throw new DomainError('RATE_LIMITED', 'too many messages; wait a few seconds');
    const id = ctx.idFor('msg');
    const events = await ctx.execute((s) => decidePost(s, ctx.viewer, p.roomId, id, p.text, ctx.now()));
    const posted = events.find((e) => e.type === 'chat:posted')?.data as { message: { id: string } } | undefined;
    return { ...seqOf(events), messageId: posted?.message.id ?? id };
  },
  'chat:hide': async (ctx, p) => seqOf(await ctx.execute((s) => decideHide(s, ctx.viewer, p.roomId, p.messageId, p.reason))),
};
