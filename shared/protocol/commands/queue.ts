import { z } from 'zod';
import { NO_RESULT, command, payload } from '../define.js';
import { DisplayName, Id, Modality } from '../primitives.js';

/** Speaking time bounds for a turn (seconds). */
export const TURN_SECONDS = { min: 10, max: 1800 } as const;
/** Grace after a turn's time ran out before it ends by itself (seconds), when moderators turn that on. */
export const GRACE_SECONDS = { min: 0, max: 600 } as const;

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
    payload: payload({ roomId: Id, name: DisplayName, modality: Modality.optional(), confirmDuplicate: z.boolean().optional() }),
    result: z.object({ seq: z.number().int().optional(), entryId: z.string() }),
    roles: ['moderator', 'facilitator'],
    doc: "Add someone without a device to a room's queue by name (moderators, or the room's facilitator); shown as \"added by the moderator\". Modality defaults to onsite. DUPLICATE_NAME when someone is already waiting under that name, unless `confirmDuplicate` says it is a second person (counted apart).",
  }),
  'queue:invite': command({
    payload: payload({ roomId: Id, personId: Id }),
    result: z.object({ seq: z.number().int().optional(), entryId: z.string() }),
    roles: ['moderator', 'facilitator'],
    doc: "Invite a person present in the room who has not spoken there yet: adds them to the queue, noted \"invited by the moderator\" (moderators, or the room's facilitator). Returns their entry if their hand is already up; CONFLICT when they already spoke or are not in the room.",
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
      expectedCurrent: Id.nullable().optional(),
    }),
    result: z.object({ seq: z.number().int().optional(), entryId: z.string() }),
    roles: ['moderator', 'facilitator'],
    doc: 'Give the floor to the first entry in the fair order (first-time speakers first, then by raise time; hall and online alternating when that mode is on), or to the chosen entry; optional speaking time in seconds (endsAt = the event time + seconds). Ends any current turn (logged as its own `queue:turnEnded`). `expectedCurrent` is the current turn\'s entry id the sender saw (null: nobody had the floor): CONFLICT when the floor changed meanwhile (another moderator gave it), and when the queue is empty.',
  }),
  'queue:extend': command({
    payload: payload({ roomId: Id, entryId: Id, seconds: z.number().int().min(TURN_SECONDS.min).max(TURN_SECONDS.max) }),
    result: NO_RESULT,
    roles: ['moderator', 'facilitator'],
    doc: "More time for the current speaker: the turn's deadline moves `seconds` later (from now when it already ran out; an open turn gets one from now). `entryId` is the turn the sender saw: CONFLICT when another turn runs now.",
  }),
  'queue:settings': command({
    payload: payload({
      alternate: z.boolean().optional(),
      autoEndGraceSeconds: z.number().int().min(GRACE_SECONDS.min).max(GRACE_SECONDS.max).nullable().optional(),
    }),
    result: NO_RESULT,
    roles: ['moderator'],
    doc: 'Session-wide queue settings (moderators): `alternate` hall and online entries within "first-time speakers first"; `autoEndGraceSeconds` ends a timed turn by itself that many seconds after its time ran out (null: never). Omitted fields keep their value.',
  }),
  'queue:end': command({
    payload: payload({ roomId: Id }),
    result: NO_RESULT,
    roles: ['moderator', 'facilitator'],
    doc: "End the current speaker's turn in a room (nothing happens if nobody has the floor).",
  }),
};
