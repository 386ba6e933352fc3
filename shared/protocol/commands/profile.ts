import { NO_RESULT, command, payload } from '../define.js';
import { ProfileChoices } from '../../domain/profile/schemas.js';

export const profileCommands = {
  'profile:answer': command({
    payload: payload({ choices: ProfileChoices }),
    result: NO_RESULT,
    roles: ['participant'],
    doc: "A participant's answers to the session's profile questions, once: per question (in order) an option index, `null` for \"prefer not to say\"; a shorter list leaves the rest unanswered, `[]` skips the card. Stored on the server only; moderators see counts of 5 or more. `CONFLICT` when already answered or the session asks nothing; `BAD_REQUEST` for an option the question lacks.",
  }),
};
