import { z } from 'zod';
import { MODERATORS, NO_RESULT, command, payload } from '../define.js';
import { DisplayName, Id, LIMITS } from '../primitives.js';
import { HIGHLIGHT_DEFAULT_MINUTES } from '../../domain/rooms/broadcast.js';

export const REACTIONS = ['agree', 'applause', 'question', 'cantHear'] as const;
export const Reaction = z.enum(REACTIONS);

export const bridgeCommands = {
  'bridge:say': command({
    payload: payload({ text: z.string().trim().min(1).max(LIMITS.chatLength), toFacilitators: z.boolean().default(false) }),
    result: NO_RESULT,
    roles: ['moderator', 'facilitator'],
    doc: "The moderators' private channel (optionally shared with facilitators; a facilitator's message always is).",
  }),
  'bridge:highlight': command({
    payload: payload({
      source: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('chat'), roomId: Id, messageId: Id }),
        z.strictObject({ kind: z.literal('remark'), personId: Id.nullable(), name: DisplayName.optional(), text: z.string().trim().min(1).max(LIMITS.chatLength) }),
      ]),
      /** How long it may be shown on the projector and the wall, in minutes from now (default HIGHLIGHT_DEFAULT_MINUTES); 0: until removed. */
      minutes: z.number().int().min(0).max(240).default(HIGHLIGHT_DEFAULT_MINUTES),
    }),
    result: z.object({ seq: z.number().int().optional(), highlightId: z.string() }),
    roles: MODERATORS,
    doc: `Highlight a chat message or an online participant's remark: it appears on the moderators' consoles with who said it and when. It may be projected (bridge:project, wall:show) for \`minutes\` (default ${HIGHLIGHT_DEFAULT_MINUTES}; 0: until removed): at its expiresAt the server takes it off the projector and the wall, and an expired highlight is not projected again (highlight it anew).`,
  }),
  'bridge:project': command({
    payload: payload({ highlightId: Id.nullable() }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Put a highlight on the projector (null clears it).',
  }),
  'bridge:askCheckIn': command({
    payload: payload({}),
    result: z.object({ seq: z.number().int().optional(), checkInId: z.string() }),
    roles: MODERATORS,
    doc: '"Any reactions from online?": opens a check-in for the current (or last) agenda part.',
  }),
  'bridge:answerCheckIn': command({
    payload: payload({ checkInId: Id, summary: z.string().trim().min(1).max(LIMITS.chatLength), highlightIds: z.array(Id).max(20).default([]) }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'The online moderator answers a check-in with a summary and highlighted remarks; stored with its agenda part.',
  }),
  'bridge:react': command({
    payload: payload({ reaction: Reaction }),
    result: z.object({}),
    roles: ['participant', 'facilitator'],
    doc: 'A reaction (agree, applause, question, cantHear); counted per minute and sent to the moderators as a live pulse (not logged).',
  }),
};
