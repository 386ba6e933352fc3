import type { Viewer } from '../../../shared/domain/audience.js';
import type { SessionState } from '../../../shared/domain/state.js';

/**
 * Removes from a copy of the state what the viewer may not see. Each capability whose state holds
 * room- or role-scoped data adds its redactor here, mirroring the audiences of its events.
 */
export type Redactor = (state: SessionState, viewer: Viewer) => void;

const REDACTORS: Redactor[] = [];

export function registerRedactor(r: Redactor): void {
  REDACTORS.push(r);
}

export function visibleState(state: SessionState, viewer: Viewer): SessionState {
  const copy = structuredClone(state);
  for (const r of REDACTORS) r(copy, viewer);
  return copy;
}
