import { z } from 'zod';
import { Modality } from '../../protocol/primitives.js';

/**
 * Who a turn belongs to, repeated in the turn's events so that the log alone tells the whole floor (the session
 * report reads speaking turns from it). Optional: events logged before issue 18 lack them.
 */
const turnWho = {
  personId: z.string().nullable().optional(),
  name: z.string().optional(),
  modality: Modality.optional(),
};

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
    /** Invited by a moderator/facilitator from the "not yet spoken" list. */
    invited: z.boolean().optional(),
    /** A by-name entry confirmed as a second person of a name already waiting. */
    namesake: z.boolean().optional(),
  }),
  /** A hand lowered by its person, or an entry removed by a moderator/facilitator. */
  'queue:lowered': z.object({ roomId: z.string(), entryId: z.string(), byId: z.string() }),
  /** The floor given to an entry (it leaves the queue; its speaker's turn is counted); the turn starts at `at`; endsAt = `at` + seconds. */
  'queue:floorGiven': z.object({ roomId: z.string(), entryId: z.string(), seconds: z.number().int().nullable(), ...turnWho }),
  /**
   * The current turn is over. Its speaking time is `endedAt` (or the event's `at`) minus `startedAt`. `reason`:
   * ended by a moderator, replaced by the next speaker, or ended automatically after the grace period (then
   * `endedAt` = the deadline plus the grace, whenever the due loop got there).
   */
  'queue:turnEnded': z.object({
    roomId: z.string(),
    entryId: z.string().optional(),
    ...turnWho,
    startedAt: z.number().optional(),
    endedAt: z.number().optional(),
    durationMs: z.number().int().min(0).optional(),
    reason: z.enum(['ended', 'next', 'auto']).optional(),
  }),
  /** More time for the current speaker: the turn's new deadline (server ms). */
  'queue:turnExtended': z.object({ roomId: z.string(), entryId: z.string(), seconds: z.number().int(), endsAt: z.number() }),
  /** Session-wide queue settings changed by a moderator. */
  'queue:settingsChanged': z.object({ alternate: z.boolean(), autoEndGraceSeconds: z.number().int().nullable() }),
};
