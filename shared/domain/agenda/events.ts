import { z } from 'zod';
import { AgendaPartSchema } from '../schemas.js';

export const agendaEvents = {
  'agenda:partAdded': z.object({ part: AgendaPartSchema, nextPartNo: z.number() }),
  /** endsAt = the event's server time + minutes: identical on every instance and client. */
  'agenda:partStarted': z.object({ partId: z.string(), minutes: z.number() }),
  'agenda:partExtended': z.object({ partId: z.string(), minutes: z.number() }),
  'agenda:partFinished': z.object({ partId: z.string(), how: z.enum(['ended', 'skipped']) }),
};
