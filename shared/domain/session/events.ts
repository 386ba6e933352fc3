import { z } from 'zod';
import { AgendaPartSchema, PersonSchema, WorksheetSectionSchema } from '../schemas.js';

export const sessionEvents = {
  /** First event of every session log. */
  'session:created': z.object({
    title: z.string(),
    languages: z.array(z.string()),
    agenda: z.array(AgendaPartSchema),
    createdAt: z.number(),
    /** Shown on the projector and consoles so people can join. */
    joinCode: z.string(),
    moderators: z.array(PersonSchema),
    /** Optional (older logs have neither): the join page's privacy notice per language, the organisers' hotline. */
    privacyNotice: z.record(z.string(), z.string()).optional(),
    hotline: z.string().optional(),
    /** The session's default worksheet sections (for parts that define none); absent in older logs. */
    worksheetSections: z.array(WorksheetSectionSchema).optional(),
    /** Created from a session template: its id (reports of one template combine poll by poll) and title. */
    template: z.object({ id: z.string(), title: z.string() }).optional(),
  }),
};
