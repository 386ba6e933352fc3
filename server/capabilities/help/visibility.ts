import { emptyRecord, own, setOwn } from '../../../shared/domain/keyed.js';
import type { HelpRequest } from '../../../shared/domain/state.js';
import type { Narrower } from '../session/visibility.js';

/** Help requests in snapshots: every request for moderators and support people, their own for everyone else. */
export const narrowHelp: Narrower = (state, viewer) => {
  if (viewer.role === 'moderator' || own(state.people, viewer.personId)?.support) return null;
  const order = state.help.order.filter((id) => own(state.help.requests, id)?.personId === viewer.personId);
  const requests = emptyRecord<HelpRequest>();
  for (const id of order) setOwn(requests, id, state.help.requests[id]);
  return { help: { requests, order } };
};
