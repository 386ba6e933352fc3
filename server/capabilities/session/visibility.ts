import type { Viewer } from '../../../shared/domain/audience.js';
import type { SessionState } from '../../../shared/domain/state.js';
import { CAPABILITY_VIEWS } from '../views.js';

/**
 * Replaces top-level parts of the state with what the viewer holds of them, *before* the state is copied: a
 * participant's view of a 5,000-person session never copies the 5,000 people to throw them away. Returns the
 * replaced parts (or null: nothing to cut). It must not mutate `state`, which is the session's live state.
 */
export type Narrower = (state: SessionState, viewer: Viewer) => Partial<SessionState> | null;

/** Removes from the viewer's own copy of the state what the viewer may not see (mutating the copy is the point). */
export type Redactor = (state: SessionState, viewer: Viewer) => void;

/**
 * The state as `viewer` may see it, as a copy of its own: every capability's narrower (on a shallow view), one
 * structured copy of what is left, then every capability's redactor on that copy. Both mirror their events'
 * audiences, so a snapshot shows exactly what the live events would have shown (see `server/capabilities/views.ts`).
 */
export function visibleState(state: SessionState, viewer: Viewer): SessionState {
  let view = state;
  for (const cap of CAPABILITY_VIEWS) {
    const parts = cap.narrow?.(view, viewer);
    if (parts) view = { ...view, ...parts };
  }
  const copy = structuredClone(view);
  for (const cap of CAPABILITY_VIEWS) cap.redact?.(copy, viewer);
  return copy;
}
