import { z } from 'zod';
import { Id, LanguageCode, LIMITS } from '../protocol/primitives.js';
import { POLL_LIMITS, PollInputSchema } from '../domain/polls/schemas.js';
import { ProfileQuestionsInput } from '../domain/profile/schemas.js';
import { TEMPLATE_VERSION } from './template.js';
import { AgendaPartInput, WorksheetSectionsInput } from '../protocol/agendaInput.js';

/** Most polls a template may carry (a long day has a few dozen). */
export const MAX_TEMPLATE_POLLS = 200;

/**
 * A template as received from outside (an upload): the exported shape, but every field checked with the limits
 * a moderator's own input meets (ids as ids, poll texts and options through PollInputSchema), and the
 * references checked: poll ids differ, questionnaires name existing polls, a poll sits in one questionnaire.
 */
export const TemplateInput = z.strictObject({
  kind: z.literal('dialogue-room/session-template'),
  version: z.literal(TEMPLATE_VERSION),
  id: z.string().max(100).optional(),
  title: z.string().trim().min(1).max(LIMITS.titleLength),
  languages: z.array(LanguageCode).min(1).max(20),
  // As CreateSessionBody's agenda (the same schema: shared/protocol/agendaInput.ts).
  agenda: z.array(AgendaPartInput).max(100),
  /** The session's default worksheet sections (absent: hopes, fears, recommendations). */
  worksheetSections: WorksheetSectionsInput.optional(),
  polls: z
    .array(PollInputSchema.omit({ target: true }).extend({ id: Id, target: z.enum(['plenary', 'breakouts']).default('plenary') }))
    .max(MAX_TEMPLATE_POLLS),
  questionnaires: z
    .array(z.strictObject({ id: Id, title: z.string().trim().min(1).max(LIMITS.titleLength), pollIds: z.array(Id).min(1).max(POLL_LIMITS.maxPollsPerQuestionnaire) }))
    .max(MAX_TEMPLATE_POLLS),
  profileQuestions: ProfileQuestionsInput.default([]),
}).superRefine((t, ctx) => {
  const pollIds = new Set<string>();
  t.polls.forEach((p, i) => {
    if (pollIds.has(p.id)) ctx.addIssue({ code: 'custom', path: ['polls', i, 'id'], message: `poll id ${p.id} appears twice` });
    pollIds.add(p.id);
  });
  const qIds = new Set<string>();
  const placed = new Set<string>();
  t.questionnaires.forEach((q, i) => {
    if (qIds.has(q.id) || pollIds.has(q.id)) ctx.addIssue({ code: 'custom', path: ['questionnaires', i, 'id'], message: `id ${q.id} appears twice` });
    qIds.add(q.id);
    q.pollIds.forEach((id, k) => {
      if (!pollIds.has(id)) ctx.addIssue({ code: 'custom', path: ['questionnaires', i, 'pollIds', k], message: `no poll ${id} in the template` });
      else if (placed.has(id)) ctx.addIssue({ code: 'custom', path: ['questionnaires', i, 'pollIds', k], message: `poll ${id} is already in a questionnaire` });
      placed.add(id);
    });
  });
});
export type TemplateInput = z.output<typeof TemplateInput>;
