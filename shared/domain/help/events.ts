import { z } from 'zod';
import { HelpRequestSchema } from '../rooms/schemas.js';

/** Audience of every help event: moderators, the requester, and the support people at that time. */
export const helpEvents = {
  'help:requested': z.object({ request: HelpRequestSchema }),
  'help:taken': z.object({ requestId: z.string(), helperId: z.string(), helperName: z.string() }),
  'help:closed': z.object({ requestId: z.string() }),
};
