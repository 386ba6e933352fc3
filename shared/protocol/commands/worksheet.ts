import { z } from 'zod';
import { MODERATORS, NO_RESULT, command, payload } from '../define.js';
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

/** Largest awareness update (y-protocols/awareness: one person's name, colour and caret) accepted or relayed. */
export const WORKSHEET_MAX_AWARENESS_BYTES = 2 * 1024;

/** A y-protocols awareness update, base64: ephemeral presence (who edits which section, where), never stored. */
export const Base64Awareness = z
  .string()
  .min(4)
  .max(Math.ceil(WORKSHEET_MAX_AWARENESS_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

/** A Yjs state vector, base64: what a reconnecting editor already has (y-protocols sync step 1). */
export const Base64StateVector = z
  .string()
  .min(0)
  .max(Math.ceil(WORKSHEET_MAX_UPDATE_BYTES / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const WorksheetAwarenessMessage = z.object({ roomId: Id, update: Base64Awareness, from: z.string() });

export const worksheetCommands = {
  'worksheet:open': command({
    payload: payload({ roomId: Id, stateVector: Base64StateVector.optional() }),
    result: z.object({ update: z.string(), stateVector: z.string(), locked: z.boolean() }),
    roles: ['moderator', 'facilitator', 'participant'],
    idempotent: true,
    doc: "The worksheet of a room the sender is in or is assigned to as their breakout group (moderators: any room), as one Yjs update (base64). With `stateVector` (y-protocols sync step 1: what the sender already has) only what it misses is returned (step 2). `stateVector` in the result is the server's, so the sender can send what the server misses as a `worksheet:update`. `locked`: read-only now. Live changes follow as `worksheet:update` server events.",
  }),
  'worksheet:update': command({
    payload: payload({ roomId: Id, update: Base64Update }),
    result: z.object({}),
    roles: ['moderator', 'facilitator', 'participant'],
    // Applying a Yjs update twice changes nothing, so a resend needs no remembered ack.
    idempotent: true,
    doc: "Persist one Yjs update (base64, at most 64 KB) of the room's worksheet, then relay it to the room's other sockets and to moderators (never echoed to the sending socket). Same rooms as `worksheet:open` (so text typed offline in a group and sent after the recall still lands), others FORBIDDEN. Acked only once stored; an update that does not decode is refused (BAD_REQUEST); a locked sheet refuses it (WORKSHEET_LOCKED, also for an edit made offline before the lock); a sheet past 200 KB refuses growth (WORKSHEET_TOO_LARGE).",
  }),
  'worksheet:lock': command({
    payload: payload({ roomId: Id, locked: z.boolean() }),
    result: NO_RESULT,
    roles: ['moderator', 'facilitator'],
    doc: "Locks (`locked: true`, e.g. time is up) or unlocks a room's worksheet. Moderators, or the facilitator of that breakout (others FORBIDDEN). Logged as `worksheet:locked`; a lock also compacts the sheet. Locking a locked sheet changes nothing.",
  }),
  'worksheet:awareness': command({
    payload: payload({ roomId: Id, update: Base64Awareness }),
    result: z.object({}),
    roles: ['moderator', 'facilitator', 'participant'],
    idempotent: true,
    doc: "Presence in a worksheet: a y-protocols awareness update (base64, at most 2 KB: who edits which section, where) relayed to the room's other sockets and to moderators. Never stored. Same rooms as `worksheet:open`.",
  }),
  'worksheet:overview': command({
    payload: payload({}),
    result: z.object({ sheets: z.array(z.object({ roomId: z.string(), update: z.string(), locked: z.boolean() })) }),
    roles: MODERATORS,
    idempotent: true,
    doc: "Moderators: every room's worksheet (plenary first, then the breakouts in room order) as one Yjs update each, for the console's overview; live changes of every room follow as `worksheet:update` (moderators receive every room's).",
  }),
};
