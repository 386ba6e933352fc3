import { z } from 'zod';
import { NO_RESULT, command, payload } from '../define.js';
import { Id, LIMITS } from '../primitives.js';

export const helpCommands = {
  'help:request': command({
    payload: payload({ note: z.string().trim().max(LIMITS.reasonLength).default('') }),
    result: z.object({ seq: z.number().int().optional(), requestId: z.string() }),
    roles: ['participant', 'facilitator', 'observer'],
    doc: '"I need help", with an optional short note. One open request per person (a second one updates nothing and returns the first).',
  }),
  'help:take': command({
    payload: payload({ requestId: Id }),
    result: NO_RESULT,
    roles: ['moderator', 'facilitator', 'participant', 'observer'],
    doc: 'A moderator or a technical-support person takes a request ("Ana is helping you").',
  }),
  'help:close': command({
    payload: payload({ requestId: Id }),
    result: NO_RESULT,
    roles: ['moderator', 'facilitator', 'participant', 'observer'],
    doc: 'Close a request: moderators, support people, or the requester (cancel).',
  }),
};
