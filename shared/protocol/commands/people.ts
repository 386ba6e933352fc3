import { z } from 'zod';
import { MODERATORS, NO_RESULT, command, payload } from '../define.js';
import { DisplayName, Id, Label, LIMITS } from '../primitives.js';
import { PersonSchema } from '../../domain/schemas.js';

export const peopleCommands = {
  'people:rename': command({
    payload: payload({ personId: Id, name: DisplayName }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Rename a person (e.g. to fix a typo or an inappropriate name).',
  }),
  'people:setRole': command({
    payload: payload({ personId: Id, role: z.enum(['participant', 'facilitator', 'observer']) }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Promote a participant to facilitator (of the room they are in), or change them back. Moderators cannot be changed.',
  }),
  'people:setLabel': command({
    payload: payload({ personId: Id, label: Label.nullable() }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Set or clear the label shown after the role, e.g. "press" or "ministry" for an observer.',
  }),
  'people:setSupport': command({
    payload: payload({ personId: Id, support: z.boolean() }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Mark or unmark a person as technical support for the help desk.',
  }),
  'people:remove': command({
    payload: payload({ personId: Id, reason: z.string().trim().min(1).max(LIMITS.reasonLength) }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Remove a person who breaks the code of conduct: disconnected on every instance at once; the token is refused afterwards.',
  }),
  'people:setNote': command({
    payload: payload({ personId: Id, note: z.string().trim().max(LIMITS.reasonLength).nullable() }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Set or clear (null or empty) the private staff note on a person, e.g. "needs large print": moderators only; participants, facilitators, observers and the projector never receive it (unlike the public label).',
  }),
};

const count = z.number().int().min(0);

/**
 * The roster digest a participant receives instead of one event per roster change (issue 20): at most one every
 * ~2 s while the roster changes, and once after each `session:sync`. `people` are the changed people the receiver
 * holds in its view (its own room's, the staff); `full` says they are all of them (after a sync).
 */
export const RosterDigestMessage = z.object({
  counts: z.object({ people: count, onsite: count, online: count, connected: count }),
  people: z.array(PersonSchema),
  full: z.boolean(),
});
export type RosterDigestMessage = z.infer<typeof RosterDigestMessage>;
