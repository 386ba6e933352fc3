import type { Narrower } from '../session/visibility.js';

/**
 * The moderators' bridge (channel, highlights, check-ins, hidden notes) in snapshots: moderators only, except the
 * messages shared with facilitators, which facilitators keep. The projected highlight is public (it is on the
 * hall's wall screen). Skipped log events are the moderators' concern too (their console shows a notice).
 */
export const narrowBridge: Narrower = (state, viewer) => {
  if (viewer.role === 'moderator') return null;
  const messages = viewer.role === 'facilitator' ? state.bridge.messages.filter((m) => m.toFacilitators) : [];
  return { damaged: [], bridge: { ...state.bridge, messages, highlights: [], checkIns: [], hiddenNotes: {} } };
};
