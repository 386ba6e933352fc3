import { ev } from '../../../shared/domain/events.js';
import type { Handlers } from '../types.js';
import { seqOf } from '../types.js';

export const reportAccessHandlers: Handlers<'report:setObserverAccess'> = {
  // Moderators and observers both learn the setting: observers' screens say whether they may download.
  'report:setObserverAccess': async (ctx, p) =>
    seqOf(await ctx.execute((s) => ((s.reportForObservers ?? false) === p.allowed ? [] : [ev('report:observerAccessSet', { allowed: p.allowed }, { roles: ['moderator', 'observer'] })]))),
};
