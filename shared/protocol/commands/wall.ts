import { z } from 'zod';
import { MODERATORS, NO_RESULT, command, payload } from '../define.js';
import { Id } from '../primitives.js';

/** What a moderator can put on the wall screen; one at a time, nothing else appears there. */
export const WallShowInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('part') }),
  z.strictObject({ kind: z.literal('join') }),
  z.strictObject({ kind: z.literal('poll'), pollId: Id }),
  z.strictObject({ kind: z.literal('sheet'), roomId: Id }),
  z.strictObject({ kind: z.literal('highlight'), highlightId: Id }),
  z.strictObject({ kind: z.literal('queue'), roomId: Id.default('plenary') }),
  z.strictObject({ kind: z.literal('message'), text: z.string().trim().min(1).max(280) }),
]);

export const wallCommands = {
  'wall:show': command({
    payload: payload({ content: WallShowInput }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: "Choose what the wall screen (projector) shows: the current part and countdown, the join code and QR, one poll (its question, and its results only once they are public: live, closed with 'after closing', or revealed by switching to live; until then the wall says they will be shown), a published sheet, a highlighted remark, a room's speaker queue, or a message. Logged, so every instance and a restarted projector show the same.",
  }),
  'wall:clear': command({
    payload: payload({}),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Clear the wall screen (it shows only the session title).',
  }),
};
