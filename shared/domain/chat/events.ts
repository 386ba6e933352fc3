import { z } from 'zod';
import { ChatMessageSchema } from '../rooms/schemas.js';

export const chatEvents = {
  /** Audience: the room (members and visiting moderators). */
  'chat:posted': z.object({ message: ChatMessageSchema }),
  /** Audience: the room and the moderators; blanks the text everywhere. */
  'chat:hidden': z.object({ roomId: z.string(), messageId: z.string() }),
  /** Audience: moderators only: why, and what it said. */
  'chat:hiddenNote': z.object({ messageId: z.string(), reason: z.string(), text: z.string(), byId: z.string() }),
};
