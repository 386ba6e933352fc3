import type { ViewerRole } from '../protocol/primitives.js';

/**
 * Who may receive an event. Computed once when the event is decided and stored with it, so that
 * live fan-out and the replay of missed events to a reconnecting client filter the same way.
 * A viewer receives the event when any clause matches.
 */
export type Audience =
  | { all: true }
  | { all?: false; rooms?: string[]; roles?: ViewerRole[]; persons?: string[]; exceptRoles?: ViewerRole[] };

export const EVERYONE: Audience = { all: true };

export interface Viewer {
  personId: string;
  role: ViewerRole;
  /** Rooms whose room-scoped traffic the viewer receives: their own, plus rooms a moderator visits. */
  rooms: string[];
}

export function canSee(audience: Audience, viewer: Viewer): boolean {
  if (audience.all) return true;
  // Room members but not these roles (observers and the wall sit in the plenary yet never read its drafts).
  if (audience.exceptRoles?.includes(viewer.role)) return false;
  if (audience.persons?.includes(viewer.personId)) return true;
  if (audience.roles?.includes(viewer.role)) return true;
  if (audience.rooms?.some((r) => viewer.rooms.includes(r))) return true;
  return false;
}
