import { z } from 'zod';
import { Modality } from '../../protocol/primitives.js';

/** Every queue event goes to the room (members, visiting moderators) and to all moderators. */
export const queueEvents = {
  /** A hand raised (by the person, or by name on someone's behalf); raisedAt = the event's `at`. */
  'queue:raised': z.object({
    roomId: z.string(),
    entryId: z.string(),
    personId: z.string().nullable(),
    name: z.string(),
    modality: Modality,
    addedBy: z.string().nullable(),
  }),
  /** A hand lowered by its person, or an entry removed by a moderator/facilitator. */
  'queue:lowered': z.object({ roomId: z.string(), entryId: z.string(), byId: z.string() }),
  /** The floor given to an entry (it leaves the queue; its speaker's turn is counted); endsAt = `at` + seconds. */
  'queue:floorGiven': z.object({ roomId: z.string(), entryId: z.string(), seconds: z.number().int().nullable() }),
  /** The current turn is over. */
  'queue:turnEnded': z.object({ roomId: z.string() }),
};
