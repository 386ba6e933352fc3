import { emptyRecord, own, setOwn } from '../../../shared/domain/keyed.js';
import type { Narrower } from '../session/visibility.js';

/**
 * Mirrors the chat's audience in snapshots: only the viewer's rooms. The projector shows no chat (it is on the
 * hall's wall): it gets none, not even the plenary's.
 */
export const narrowChat: Narrower = (state, viewer) => {
  if (viewer.role === 'projector') return { chat: {} };
  const chat = emptyRecord<(typeof state.chat)[string]>();
  for (const roomId of viewer.rooms) {
    const messages = own(state.chat, roomId);
    if (messages) setOwn(chat, roomId, messages);
  }
  return { chat };
};
