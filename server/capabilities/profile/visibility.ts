import { registerRedactor } from '../session/visibility.js';
import { emptyRecord, own, setOwn } from '../../../shared/domain/keyed.js';

/**
 * Profile answers never leave the server: a snapshot keeps only the viewer's own (so their phone stops asking).
 * The suppressed composition goes to moderators alone.
 */
registerRedactor((state, viewer) => {
  if (!state.profile) return;
  const mine = own(state.profile.answers, viewer.personId);
  const answers = emptyRecord<Array<number | null>>();
  if (mine) setOwn(answers, viewer.personId, mine);
  state.profile.answers = answers;
  if (viewer.role !== 'moderator') state.profile.composition = null;
});
