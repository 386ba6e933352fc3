import { z } from 'zod';

export const accessEvents = {
  /** Audience: moderators. A new key generation: every older moderator, projector and observer link stops working. */
  'access:linksReissued': z.object({ generation: z.number().int().min(1) }),
  /** Audience: everyone (the projector and the consoles show the code). The old code stops working. */
  'access:joinCodeChanged': z.object({ joinCode: z.string() }),
  /** Audience: everyone. Closed: joining with the code is refused; people already in stay. */
  'access:joiningSet': z.object({ open: z.boolean() }),
  /** Audience: moderators. How many observers the invitation links may create. */
  'access:observerCapSet': z.object({ cap: z.number().int().min(0) }),
};
