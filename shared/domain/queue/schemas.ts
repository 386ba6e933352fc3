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
}

export interface QueueState {
  /** Speaker queues by room id (created on the first raise in a room). */
  queues: Record<string, RoomQueue>;
}
