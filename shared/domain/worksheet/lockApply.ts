import { emptyRecord, has, own, setOwn } from '../keyed.js';
import type { Appliers } from '../eventTypes.js';
import type { SessionState, WorksheetLock } from '../state.js';
import type { worksheetLockEvents } from './lockEvents.js';

export const worksheetLockAppliers: Appliers<typeof worksheetLockEvents> = {
  'worksheet:locked': (s, d, m) => {
    const locks = (s.worksheetLocks ??= emptyRecord<WorksheetLock>());
    if (d.locked) setOwn(locks, d.roomId, { by: m.by, at: m.at });
    else if (has(locks, d.roomId)) delete locks[d.roomId];
  },
};

/** The lock of a room's worksheet, or null when it is open for edits (old states have no locks at all). */
export function worksheetLockOf(state: SessionState, roomId: string): WorksheetLock | null {
  return state.worksheetLocks ? own(state.worksheetLocks, roomId) ?? null : null;
}
