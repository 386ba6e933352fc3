import { z } from 'zod';
import { MODERATORS, NO_RESULT, command, payload } from '../define.js';

export const reportCommands = {
  'report:setObserverAccess': command({
    payload: payload({ allowed: z.boolean() }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: "Let the session's observers download the public part of the report (results; no people, bridge, help or worksheets) with their token, or stop it. Off until a moderator turns it on.",
  }),
};
