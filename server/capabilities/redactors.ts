import { registerRedactor } from './session/visibility.js';
import { own } from '../../shared/domain/keyed.js';
import './profile/visibility.js';
import { redactRoster } from './people/visibility.js';

/**
 * Snapshot redaction for rooms, chat, bridge and help, mirroring their events' audiences:
 * chat only of the viewer's rooms; the bridge (channel, highlights, check-ins, hidden notes) only for
 * moderators (facilitators keep the messages shared with them); help requests for moderators, support
 * people and the requester. The projected highlight is public (it is on the hall's wall screen).
 */
registerRedactor((state, viewer) => {
  // The projector shows no chat (it is on the hall's wall): it gets none, not even the plenary's.
  if (viewer.role === 'projector') state.chat = {};
  for (const roomId of Object.keys(state.chat)) if (!viewer.rooms.includes(roomId)) delete state.chat[roomId];
  if (viewer.role !== 'moderator') {
    // Staff notes are the moderators' own (issue 17): never in anyone else's snapshot.
    delete state.staffNotes;
    // Skipped log events are the moderators' concern (their console shows a notice), nobody else's.
    state.damaged = [];
    state.bridge.messages = viewer.role === 'facilitator' ? state.bridge.messages.filter((m) => m.toFacilitators) : [];
    state.bridge.highlights = [];
    state.bridge.checkIns = [];
    state.bridge.hiddenNotes = {};
    const support = !!own(state.people, viewer.personId)?.support;
    if (!support) {
      state.help.order = state.help.order.filter((id) => own(state.help.requests, id)?.personId === viewer.personId);
      for (const id of Object.keys(state.help.requests)) if (!state.help.order.includes(id)) delete state.help.requests[id];
    }
  }
});

registerRedactor(redactRoster);
