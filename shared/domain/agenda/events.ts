import { z } from 'zod';
import { AgendaPartSchema } from '../schemas.js';
import { LocalizedTextSchema } from '../polls/schemas.js';

export const agendaEvents = {
  'agenda:partAdded': z.object({ part: AgendaPartSchema, nextPartNo: z.number() }),
  /** endsAt = the event's server time + minutes: identical on every instance and client. */
  'agenda:partStarted': z.object({ partId: z.string(), minutes: z.number() }),
  'agenda:partExtended': z.object({ partId: z.string(), minutes: z.number() }),
  'agenda:partFinished': z.object({ partId: z.string(), how: z.enum(['ended', 'skipped']) }),
  /** A part's prompt and material links, replaced as a whole (audience: everyone). */
  'agenda:promptSet': z.object({ partId: z.string(), prompt: LocalizedTextSchema, materials: z.array(z.object({ title: z.string(), url: z.string(), lang: z.string().optional() })) }),
};
