import { registerRedactor } from '../session/visibility.js';

/** Mirrors queueAudience: moderators see every room's queue; everyone else only the queues of their rooms. */
registerRedactor((state, viewer) => {
  if (viewer.role === 'moderator') return;
  for (const roomId of Object.keys(state.queues)) if (!viewer.rooms.includes(roomId)) delete state.queues[roomId];
});
