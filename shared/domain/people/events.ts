import { z } from 'zod';
import { PersonSchema } from '../schemas.js';
import { Role } from '../../protocol/primitives.js';

export const peopleEvents = {
  'person:joined': z.object({ person: PersonSchema }),
  'person:renamed': z.object({ personId: z.string(), name: z.string() }),
  'person:roleChanged': z.object({ personId: z.string(), role: Role }),
  'person:labelled': z.object({ personId: z.string(), label: z.string().nullable() }),
  'person:supportChanged': z.object({ personId: z.string(), support: z.boolean() }),
  'person:removed': z.object({ personId: z.string(), reason: z.string() }),
  /** A private staff note (null: cleared). Logged with a moderators-only audience; snapshots drop it for others. */
  'person:noted': z.object({ personId: z.string(), note: z.string().nullable() }),
  /**
   * Absolute counts of one instance's open connections, per person (idempotent when replayed). Batched:
   * an instance logs the changes of ~150 ms at once, so a reconnect storm is a few events, not thousands.
   */
  'presence:changed': z.object({ instanceId: z.string(), counts: z.record(z.string(), z.number().int().min(0)) }),
  /** An instance died: every connection it held is gone. */
  'presence:instanceGone': z.object({ instanceId: z.string() }),
};
