import { z } from 'zod';
import { PublishedSheetSchema, WallContentSchema } from './schemas.js';

export const plenaryEvents = {
  /** Audience: everyone (published to the plenary). Replaces an earlier publication of the same room. */
  'plenary:published': z.object({ sheet: PublishedSheetSchema }),
  /** Audience: everyone. */
  'plenary:unpublished': z.object({ roomId: z.string() }),
  /** Audience: everyone (the wall is public). */
  'wall:shown': z.object({ content: WallContentSchema }),
  'wall:cleared': z.object({}),
};
