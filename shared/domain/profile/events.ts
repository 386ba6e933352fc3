import { z } from 'zod';
import { CompositionSchema, ProfileChoices, ProfileQuestionSchema } from './schemas.js';

export const profileEvents = {
  /** The session's profile questions (at creation, from the request or the template). Everyone: phones ask them. */
  'profile:questionsSet': z.object({ questions: z.array(ProfileQuestionSchema) }),
  /** One person's answers (or `[]`: skipped). Audience: that person only; nobody else ever receives it. */
  'profile:answered': z.object({ personId: z.string(), choices: ProfileChoices }),
  /** The panel's composition with small cells suppressed, for moderators; sent every few answers (see decide). */
  'profile:composition': z.object({ composition: CompositionSchema }),
};
