import { z } from 'zod';

/**
 * A room's worksheet locked (time is up) or unlocked by its facilitator or a moderator. Logged, so every
 * instance refuses edits alike and a phone that reconnects learns it from the replay or the snapshot.
 * Audience: the people who can write in a worksheet (moderators, facilitators, participants); observers and the
 * projector never see drafts, so they need no lock either.
 */
export const worksheetLockEvents = {
  'worksheet:locked': z.object({ roomId: z.string(), locked: z.boolean() }),
};
