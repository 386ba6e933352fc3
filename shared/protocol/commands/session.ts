import { z } from 'zod';
import { ALL_VIEWERS, command, payload } from '../define.js';
import { Seq } from '../primitives.js';

export const WireEventSchema = z.object({
  seq: z.number().int(),
  at: z.number(),
  by: z.string().nullable(),
  type: z.string(),
  data: z.unknown(),
  /** Live events only: the seq of the previous event sent to this connection (gaps are only where it says). */
  prev: z.number().int().optional(),
});

/** A catch-up: the reply to `session:sync`, and (with a reason) the `session:view` pushed when a view widens. */
export const SyncReply = z.object({
  seq: z.number().int(),
  serverTime: z.number(),
  personId: z.string(),
  replay: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('events'), events: z.array(WireEventSchema) }),
    z.object({ kind: z.literal('snapshot'), state: z.unknown() }),
  ]),
});

export const sessionCommands = {
  'session:sync': command({
    payload: payload({ sinceSeq: Seq.nullable() }),
    result: SyncReply,
    roles: ALL_VIEWERS,
    idempotent: true,
    doc: 'Catch up after (re)connecting: the events after `sinceSeq` that the sender may see, or a snapshot of its view when the gap is too old or `sinceSeq` is null.',
  }),
  'time:sync': command({
    payload: payload({ clientSentAt: z.number() }),
    result: z.object({ serverTime: z.number() }),
    roles: ALL_VIEWERS,
    idempotent: true,
    doc: "Clock offset estimation: the client keeps the round trip's midpoint to count deadlines down in server time.",
  }),
};
