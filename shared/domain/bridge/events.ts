import { z } from 'zod';
import { BridgeMessageSchema, HighlightSchema } from '../rooms/schemas.js';

export const bridgeEvents = {
  /** Audience: moderators (and facilitators when toFacilitators). */
  'bridge:message': z.object({ message: BridgeMessageSchema }),
  /** Audience: moderators. */
  'bridge:highlighted': z.object({ highlight: HighlightSchema }),
  /** Audience: everyone (it is on the wall screen of the hall). */
  'bridge:projected': z.object({ highlight: HighlightSchema.nullable() }),
  /** Audience: moderators. */
  'bridge:checkInAsked': z.object({ id: z.string(), partId: z.string().nullable() }),
  'bridge:checkInAnswered': z.object({ id: z.string(), summary: z.string(), highlightIds: z.array(z.string()) }),
};
