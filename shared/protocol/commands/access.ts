import { z } from 'zod';
import { MODERATORS, NO_RESULT, command, payload } from '../define.js';
import { MAX_OBSERVER_CAP } from '../../domain/access/state.js';

export const IssuedLinksSchema = z.object({
  moderators: z.array(z.object({ personId: z.string(), name: z.string(), side: z.string().nullable(), url: z.string() })),
  projectorUrl: z.string(),
  observerUrl: z.string(),
});

export const accessCommands = {
  'access:reissueLinks': command({
    payload: payload({}),
    result: z.object({
      seq: z.number().int().optional(),
      generation: z.number().int(),
      links: IssuedLinksSchema,
      /** The sender's own new token: its connection stays open; the client keeps it for the next reconnect. */
      token: z.string(),
    }),
    roles: MODERATORS,
    doc: "Re-issue links (a lost moderator phone, a leaked projector or observer link): starts a new key generation of the session. Every older moderator, projector and observer link and token is refused from now on (`TOKEN_REVOKED`) and their open connections are closed on every instance, except the sender's own connection. Participants' tokens are kept. The ack carries every new link and the sender's new token.",
  }),
  'access:changeJoinCode': command({
    payload: payload({}),
    result: z.object({ seq: z.number().int().optional(), joinCode: z.string() }),
    roles: MODERATORS,
    doc: 'Replace the join code by a new random one (the old one is refused with `INVALID_JOIN_CODE`); people already in stay.',
  }),
  'access:setJoining': command({
    payload: payload({ open: z.boolean() }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Close joining with the code (refused with `JOINING_CLOSED`) or open it again; people already in stay.',
  }),
  'access:setObserverCap': command({
    payload: payload({ cap: z.number().int().min(0).max(MAX_OBSERVER_CAP) }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'How many observers the invitation links may create in this session (default 25); lowering it removes nobody.',
  }),
};
