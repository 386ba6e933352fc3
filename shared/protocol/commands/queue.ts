import { z } from 'zod';
import { NO_RESULT, command, payload } from '../define.js';
import { DisplayName, Id, Modality } from '../primitives.js';

/** Speaking time bounds for a turn (seconds). */
export const TURN_SECONDS = { min: 10, max: 1800 } as const;

export const queueCommands = {
  'queue:raise': command({
    payload: payload({ roomId: Id.optional() }),
    result: z.object({ seq: z.number().int().optional(), entryId: z.string() }),
    roles: ['facilitator', 'participant'],
    doc: "Raise my hand in a room's speaker queue (default: my room). Raising again while the hand is up changes nothing and returns the same entry.",
  }),
  'queue:lower': command({
    payload: payload({ roomId: Id.optional() }),
    result: NO_RESULT,
    roles: ['facilitator', 'participant'],
    doc: 'Lower my hand (default: in my room). Nothing happens if it is not raised.',
  }),
  'queue:add': command({
    payload: payload({ roomId: Id, name: DisplayName, modality: Modality.optional() }),
    result: z.object({ seq: z.number().int().optional(), entryId: z.string() }),
    roles: ['moderator', 'facilitator'],
    doc: "Add someone without a device to a room's queue by name (moderators, or the room's facilitator); shown as \"added by the moderator\". Modality defaults to onsite.",
  }),
  'queue:remove': command({
    payload: payload({ roomId: Id, entryId: Id }),
    result: NO_RESULT,
    roles: ['moderator', 'facilitator'],
    doc: "Remove an entry from a room's queue (moderators, or the room's facilitator).",
  }),
  'queue:next': command({
    payload: payload({
      roomId: Id,
      entryId: Id.optional(),
      seconds: z.number().int().min(TURN_SECONDS.min).max(TURN_SECONDS.max).optional(),
    }),
    result: z.object({ seq: z.number().int().optional(), entryId: z.string() }),
    roles: ['moderator', 'facilitator'],
    doc: 'Give the floor to the first entry in the fair order (first-time speakers first, then by raise time), or to the chosen entry; optional speaking time in seconds (endsAt = the event time + seconds). Ends any current turn. CONFLICT when the queue is empty.',
  }),
  'queue:end': command({
    payload: payload({ roomId: Id }),
    result: NO_RESULT,
    roles: ['moderator', 'facilitator'],
    doc: "End the current speaker's turn in a room (nothing happens if nobody has the floor).",
  }),
};
