import { z } from 'zod';
import { PollSchema, QuestionnaireSchema, ResultsSchema, ResultsVisibility } from './schemas.js';

export const pollEvents = {
  /** A draft (moderators only) was created or replaced. */
  'poll:drafted': z.object({ poll: PollSchema }),
  'poll:deleted': z.object({ pollId: z.string() }),
  /** Carries the whole definition: participants never saw the draft. */
  'poll:opened': z.object({ poll: PollSchema }),
  'poll:closed': z.object({ pollId: z.string() }),
  'poll:visibilitySet': z.object({ pollId: z.string(), resultsVisibility: ResultsVisibility }),
  /** The exact final tally, to the audience allowed to see results. */
  'poll:finalResults': z.object({ results: ResultsSchema }),
  'poll:showOfHands': z.object({ pollId: z.string(), counts: z.array(z.number().int().min(0)) }),
  'poll:answerHidden': z.object({ pollId: z.string(), answerId: z.string(), hidden: z.boolean() }),
  'questionnaire:drafted': z.object({ questionnaire: QuestionnaireSchema }),
  'questionnaire:opened': z.object({ questionnaire: QuestionnaireSchema }),
  'questionnaire:closed': z.object({ questionnaireId: z.string() }),
};
