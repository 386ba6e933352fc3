import { z } from 'zod';
import { LocalizedTextSchema, PollKind, ResultsVisibility } from '../domain/polls/schemas.js';
import { AgendaPartSchema, WorksheetSectionSchema } from '../domain/schemas.js';
import { ProfileQuestionSchema } from '../domain/profile/schemas.js';

/** Bump on any change of meaning or shape (a session created from a template must read it as written). */
export const TEMPLATE_VERSION = 1;

/**
 * A session's reusable design: title, languages, agenda, and its polls and questionnaires with their ids, so
 * sessions created from one template share poll ids and their reports combine poll by poll.
 */
export const SessionTemplateSchema = z.object({
  kind: z.literal('dialogue-room/session-template'),
  version: z.literal(TEMPLATE_VERSION),
  title: z.string(),
  languages: z.array(z.string()),
  agenda: z.array(AgendaPartSchema.omit({ id: true })),
  polls: z.array(
    z.object({
      id: z.string(),
      kind: PollKind,
      question: LocalizedTextSchema,
      options: z.array(LocalizedTextSchema),
      maxChoices: z.number().nullable(),
      min: z.number(),
      max: z.number(),
      minLabel: LocalizedTextSchema,
      maxLabel: LocalizedTextSchema,
      /** A poll aimed at one group becomes "every group": room ids belong to one session. */
      target: z.enum(['plenary', 'breakouts']),
      resultsVisibility: ResultsVisibility,
      /** Grid polls: the columns (rows are `options`). */
      columns: z.array(LocalizedTextSchema).optional(),
      /**
       * Conditional questions: shown only when the answer to the questionnaire's earlier question at position
       * `question` (0-based) was one of these options — the form a template is read back in (TemplateInput).
       */
      showIf: z.object({ question: z.number(), options: z.array(z.number()) }).optional(),
    }),
  ),
  questionnaires: z.array(z.object({ id: z.string(), title: z.string(), pollIds: z.array(z.string()) })),
  /** The session's default worksheet sections (absent in templates written before sections were data). */
  worksheetSections: z.array(WorksheetSectionSchema).optional(),
  /**
   * Panel profile questions (added after version 1 shipped, with a default, so older files still read).
   * Options in the session languages; "prefer not to say" is automatic and never listed here.
   */
  profileQuestions: z.array(ProfileQuestionSchema).default([]),
  /**
   * The template's id as exported (informational): the server recomputes it from the polls, questionnaires
   * and profile questions when a session is created (server/capabilities/report/fromTemplate.ts), so an
   * edited file simply becomes another template.
   */
  id: z.string().optional(),
});
export type SessionTemplate = z.infer<typeof SessionTemplateSchema>;
