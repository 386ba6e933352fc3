import type { Handlers } from '../types.js';
import { seqOf } from '../types.js';
import { PLENARY_ID } from '../../../shared/domain/state.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { PollInputSchema } from '../../../shared/domain/polls/schemas.js';
import { POLL_LIMITS } from '../../../shared/domain/polls/limits.js';
import { decideCreate } from '../polls/decide.js';
import { decidePublish, decideUnpublish, recommendationLine } from './decide.js';
import { decideWallClear, decideWallShow } from './wall.js';
import { RECOMMENDATIONS_SECTION, appendLineUpdate, paragraphs, sheetSections } from './sheetText.js';
import { sessionCounter } from '../../store/keys.js';

type Names = 'plenary:publish' | 'plenary:unpublish' | 'plenary:recommend' | 'plenary:pollFromRecommendations' | 'wall:show' | 'wall:clear';

/** How long a recommendation's command id is remembered (it is not logged, so the log cannot spot a retry). */
const RECOMMEND_CID_MS = 10 * 60_000;

/** The question of a poll made of the recommendations, in the languages the client ships. */
const RECOMMENDATIONS_QUESTION = {
  en: 'Which recommendations matter most to you? (up to 3)',
  fr: 'Quelles recommandations comptent le plus pour vous ? (3 au plus)',
  es: '¿Qué recomendaciones le importan más? (hasta 3)',
  ar: 'ما هي التوصيات الأهم بالنسبة لك؟ (حتى 3)',
};

export const plenaryHandlers: Handlers<Names> = {
  'plenary:publish': async (ctx, p) => {
    // The snapshot is rendered from the stored updates before the decision: what was typed (and acked) by now.
    const { updates } = await ctx.store.readWorksheet(ctx.sessionId, p.roomId);
    const rendered = sheetSections(updates);
    return seqOf(await ctx.execute((s) => decidePublish(s, p.roomId, rendered, p.sections, ctx.personId, ctx.now())));
  },
  'plenary:unpublish': async (ctx, p) => seqOf(await ctx.execute((s) => decideUnpublish(s, p.roomId))),
  'plenary:recommend': async (ctx, p) => {
    const line = recommendationLine(ctx.state, p.roomId, p.section, p.paragraph);
    if (ctx.cid && (await ctx.store.hit(sessionCounter(ctx.sessionId, 'recommend-cid', ctx.personId, ctx.cid), RECOMMEND_CID_MS)) > 1) return {};
    const { updates } = await ctx.store.readWorksheet(ctx.sessionId, PLENARY_ID);
    const update = appendLineUpdate(updates, RECOMMENDATIONS_SECTION, line);
    // The same path as typing: stored, then relayed to the plenary's editors (never to observers or the wall).
    await ctx.store.appendWorksheetUpdate(ctx.sessionId, PLENARY_ID, update);
    ctx.emit({ rooms: [PLENARY_ID], exceptRoles: ['observer', 'projector'] }, 'worksheet:update', { roomId: PLENARY_ID, update, from: ctx.personId });
    return {};
  },
  'plenary:pollFromRecommendations': async (ctx) => {
    const { updates } = await ctx.store.readWorksheet(ctx.sessionId, PLENARY_ID);
    const text = sheetSections(updates).find((s) => s.key === RECOMMENDATIONS_SECTION)?.text ?? '';
    const max = POLL_LIMITS.optionLength;
    const items = paragraphs(text).map((l) => (l.length > max ? `${l.slice(0, max - 1)}…` : l)).slice(0, POLL_LIMITS.maxOptions);
    if (items.length < 2) throw new DomainError('CONFLICT', 'write at least two recommendations first');
    const input = PollInputSchema.parse({ kind: 'multiple', question: RECOMMENDATIONS_QUESTION, options: items, maxChoices: Math.min(3, items.length) });
    const pollId = ctx.idFor('poll');
    return { ...seqOf(await ctx.execute((s) => decideCreate(s, pollId, input))), pollId };
  },
  'wall:show': async (ctx, p) => seqOf(await ctx.execute((s) => decideWallShow(s, p.content, ctx.now()))),
  'wall:clear': async (ctx) => seqOf(await ctx.execute((s) => decideWallClear(s))),
};
