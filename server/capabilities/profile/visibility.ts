import { emptyRecord, own, setOwn } from '../../../shared/domain/keyed.js';
import type { Narrower } from '../session/visibility.js';

/**
 * Profile answers never leave the server: a snapshot keeps only the viewer's own (so their phone stops asking).
 * The suppressed composition goes to moderators alone.
 */
export const narrowProfile: Narrower = (state, viewer) => {
  if (!state.profile) return null;
  const mine = own(state.profile.answers, viewer.personId);
  const answers = emptyRecord<Array<number | null>>();
  if (mine) setOwn(answers, viewer.personId, mine);
  return { profile: { ...state.profile, answers, composition: viewer.role === 'moderator' ? state.profile.composition : null } };
};
