import { z } from 'zod';
import { Modality } from '../../protocol/primitives.js';

/** One raised hand. personId is null for an onsite citizen without a device, added by name by a moderator or facilitator. */
export const QueueEntrySchema = z.object({
  id: z.string(),
  personId: z.string().nullable(),
  name: z.string(),
  modality: Modality,
  /** Server time of the raise (the event's `at`): the base of the order. */
  raisedAt: z.number(),
  /** Who added the entry on someone's behalf; null when the person raised their own hand. */
  addedBy: z.string().nullable(),
  /** A moderator/facilitator invited a present person who had not spoken ("invited by the moderator"). */
  invited: z.boolean().optional(),
  /** A by-name entry confirmed as a second person of a name already waiting: counted under its own key. */
  namesake: z.boolean().optional(),
});
export type QueueEntry = z.infer<typeof QueueEntrySchema>;

export const SpeakerSchema = z.object({
  entryId: z.string(),
  personId: z.string().nullable(),
  name: z.string(),
  modality: Modality,
  startedAt: z.number(),
  /** Deadline in server ms (event `at` + seconds), or null for an open-ended turn. */
  endsAt: z.number().nullable(),
  /** Set only for a confirmed namesake, whose time is counted under its own key (see speakerKey). */
  speakerKey: z.string().optional(),
});
export type Speaker = z.infer<typeof SpeakerSchema>;

/** One room's speaker queue. Entries are kept in raise order; `orderQueue` gives the fair order to show. */
export interface RoomQueue {
  entries: QueueEntry[];
  current: Speaker | null;
  /** Turns given in this room per speaker key (person id, or "name:<name>" for entries without a person). */
  spoken: Record<string, number>;
  /** Turns given in this room per modality: the report's hall/online balance. */
  turnsByModality: Record<'onsite' | 'online', number>;
  /** Speaking time (server ms, floor given to turn ended) in this room per speaker key; ended turns only. */
  spokenMs?: Record<string, number>;
  /** Modality of the last turn given here: alternating mode starts with the other side. */
  lastModality?: 'onsite' | 'online';
  /** Name and modality of each speaker key that had a turn here (by-name speakers have no person to look up). */
  speakers?: Record<string, { name: string; modality: 'onsite' | 'online' }>;
  /** Speaking time (server ms) in this room per modality; ended turns only. */
  msByModality?: Record<'onsite' | 'online', number>;
}

/** Session-wide queue settings (moderators). Optional in the state: snapshots made before they existed lack them. */
export interface QueueSettings {
  /** Alternate hall and online entries (when both wait), within "first-time speakers first". */
  alternate: boolean;
  /** End a timed turn automatically this many seconds after its time ran out; null = never (the moderator ends it). */
  autoEndGraceSeconds: number | null;
}

export interface QueueState {
  /** Speaker queues by room id (created on the first raise in a room). */
  queues: Record<string, RoomQueue>;
}
