import { z } from 'zod';
import { RoomSchema } from '../schemas.js';
import { PendingMoveSchema } from './schemas.js';

export const roomsEvents = {
  /** New breakout rooms and a complete group plan (automatic assignment, or a new empty room). */
  'rooms:planned': z.object({
    rooms: z.array(RoomSchema),
    /** Replaces the whole plan when `replace`, else merges. */
    groupOf: z.record(z.string(), z.string()),
    replace: z.boolean(),
    nextRoomNo: z.number(),
  }),
  'rooms:updated': z.object({ room: RoomSchema }),
  /** A breakout group deleted: out of the room list and the plan; nobody visits it any more. */
  'rooms:deleted': z.object({ roomId: z.string() }),
  /** One person put into a group (or out of all groups: roomId null); moves them now if breakouts are open. */
  'rooms:personAssigned': z.object({ personId: z.string(), roomId: z.string().nullable() }),
  'rooms:moveScheduled': z.object({ move: PendingMoveSchema }),
  'rooms:moveCancelled': z.object({ id: z.string() }),
  /** Everyone with a group goes into it. */
  'rooms:opened': z.object({ moveId: z.string().nullable(), minutes: z.number() }),
  /** Everyone goes back to the plenary. */
  'rooms:recalled': z.object({ moveId: z.string().nullable() }),
  /** `id` and `expiresAt` (server ms, null: until cleared) are absent from logs written before messages expired. */
  'rooms:broadcast': z.object({ text: z.string(), byName: z.string(), id: z.string().optional(), expiresAt: z.number().nullable().optional() }),
  'rooms:broadcastCleared': z.object({}),
  'rooms:visiting': z.object({ personId: z.string(), roomId: z.string().nullable() }),
};
