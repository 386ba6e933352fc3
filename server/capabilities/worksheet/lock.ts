import { ev } from '../../../shared/domain/events.js';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import type { SessionState } from '../../../shared/domain/state.js';
import type { Viewer } from '../../../shared/domain/audience.js';
import { worksheetLockOf } from '../../../shared/domain/worksheet/lockApply.js';
import { assertSteersRoom } from '../facilitation.js';
import type { Narrower } from '../session/visibility.js';

/** Locks and unlocks matter to whoever can write in a worksheet; observers and the projector never see drafts. */
const LOCK_AUDIENCE = { roles: ['moderator', 'facilitator', 'participant'] as const };

/** Moderators, or the facilitator of that breakout; locking a locked sheet (or unlocking an open one) is a no-op. */
export function decideLock(state: SessionState, viewer: Viewer, roomId: string, locked: boolean): NewEvent[] {
  assertSteersRoom(state, viewer, roomId, 'lock its worksheet');
  if (!!worksheetLockOf(state, roomId) === locked) return [];
  return [ev('worksheet:locked', { roomId, locked }, { roles: [...LOCK_AUDIENCE.roles] })];
}

/** Observers and the wall screen never see drafts, nor their locks. */
export const narrowWorksheetLocks: Narrower = (_state, viewer) =>
  viewer.role === 'observer' || viewer.role === 'projector' ? { worksheetLocks: undefined } : null;
