import { z } from 'zod';
import { command, payload } from '../define.js';
import { Id } from '../primitives.js';

/** Largest Yjs update accepted in one command (binary); typing produces updates of a few dozen bytes. */
export const WORKSHEET_MAX_UPDATE_BYTES = 64 * 1024;

/** A Yjs update, base64 (standard alphabet, padded): keeps the wire JSON and zod simple. */
export const Base64Update = z
  .string()
  .min(4)
  .max(Math.ceil(WORKSHEET_MAX_UPDATE_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const WorksheetUpdateMessage = z.object({ roomId: Id, update: Base64Update, from: z.string() });

export const worksheetCommands = {
  'worksheet:open': command({
    payload: payload({ roomId: Id }),
    result: z.object({ update: z.string() }),
    roles: ['moderator', 'facilitator', 'participant'],
    idempotent: true,
    doc: "The whole worksheet of a room the sender is in or is assigned to as their breakout group (moderators: the room they visit), as one merged Yjs update (base64). Live changes follow as `worksheet:update` server events.",
  }),
  'worksheet:update': command({
    payload: payload({ roomId: Id, update: Base64Update }),
    result: z.object({}),
    roles: ['moderator', 'facilitator', 'participant'],
    // Applying a Yjs update twice changes nothing, so a resend needs no remembered ack.
    idempotent: true,
    doc: "Persist one Yjs update (base64, at most 64 KB) of the room's worksheet, then relay it to the room. Same rooms as `worksheet:open` (so text typed offline in a group and sent after the recall still lands), others FORBIDDEN. Acked only once stored; an update that does not decode is refused (BAD_REQUEST).",
  }),
};
