import { z } from 'zod';
import { NO_RESULT, command, payload } from '../define.js';
import { Id, LIMITS } from '../primitives.js';

export const chatCommands = {
  'chat:send': command({
    payload: payload({ roomId: Id.optional(), text: z.string().trim().min(1).max(LIMITS.chatLength) }),
    result: z.object({ seq: z.number().int().optional(), messageId: z.string() }),
    roles: ['moderator', 'facilitator', 'participant'],
    doc: "Post to a room's chat (default: the sender's room; moderators also to a room they visit). At most 5 messages per 10 s per person.",
  }),
  'chat:hide': command({
    payload: payload({ roomId: Id, messageId: Id, reason: z.string().trim().min(1).max(LIMITS.reasonLength) }),
    result: NO_RESULT,
    roles: ['moderator', 'facilitator'],
    doc: "Hide a message (moderators, or the room's facilitator): its text disappears for everyone; the reason and text stay visible to moderators.",
  }),
};
