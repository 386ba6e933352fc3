import { emptyRecord, own, setOwn } from '../../../shared/domain/keyed.js';
import type { RoomQueue } from '../../../shared/domain/queue/schemas.js';
import type { Narrower } from '../session/visibility.js';

/** Mirrors queueAudience: moderators see every room's queue; everyone else only the queues of their rooms. */
export const narrowQueues: Narrower = (state, viewer) => {
  if (viewer.role === 'moderator') return null;
  const queues = emptyRecord<RoomQueue>();
  for (const roomId of viewer.rooms) {
    const q = own(state.queues, roomId);
    if (q) setOwn(queues, roomId, q);
  }
  return { queues };
};
