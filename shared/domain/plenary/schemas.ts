import { z } from 'zod';

/** What the plenary and the wall screen show: published group sheets and the projector's one content. */

/** One section of a published sheet: the Y.Text's name (its key) and its text at publish time. */
export const PublishedSectionSchema = z.object({ key: z.string(), text: z.string() });

/** A group's sheet (or some of its sections) as a moderator published it: a snapshot, never the live draft. */
export const PublishedSheetSchema = z.object({
  roomId: z.string(),
  /** The group's name at publish time (the label every screen shows). */
  groupName: z.string(),
  sections: z.array(PublishedSectionSchema),
  publishedAt: z.number(),
  byId: z.string(),
});
export type PublishedSheet = z.infer<typeof PublishedSheetSchema>;

/** What the projector shows, as stored in the log (a highlight carries its text: highlights are moderators' state). */
export const WallContentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('part') }),
  z.object({ kind: z.literal('join') }),
  z.object({ kind: z.literal('poll'), pollId: z.string() }),
  z.object({ kind: z.literal('sheet'), roomId: z.string() }),
  z.object({ kind: z.literal('highlight'), id: z.string(), text: z.string(), name: z.string(), expiresAt: z.number().nullable().optional() }),
  z.object({ kind: z.literal('queue'), roomId: z.string() }),
  z.object({ kind: z.literal('message'), text: z.string() }),
]);
export type WallContent = z.infer<typeof WallContentSchema>;
export type WallKind = WallContent['kind'];

/** The plenary capability's part of the session state (absent in sessions that never used it). */
export interface PlenaryState {
  /** Published sheets by breakout room id, and their order (latest publication last). */
  published?: Record<string, PublishedSheet>;
  publishedOrder?: string[];
  /** What the wall screen shows now (null or absent: nothing but the session's title). */
  wall?: (WallContent & { since: number }) | null;
}
