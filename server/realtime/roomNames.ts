import type { Audience } from '../../shared/domain/audience.js';
import type { ViewerRole } from '../../shared/protocol/primitives.js';

/** Socket.IO room names, one scheme for the whole server: session, room, role, person. */
export const socketRooms = {
  session: (sid: string) => `s:${sid}`,
  room: (sid: string, roomId: string) => `s:${sid}:r:${roomId}`,
  role: (sid: string, role: ViewerRole) => `s:${sid}:role:${role}`,
  person: (sid: string, pid: string) => `s:${sid}:p:${pid}`,
};

export function audienceTargets(sid: string, a: Audience): string[] {
  if (a.all) return [socketRooms.session(sid)];
  return [
    ...(a.rooms ?? []).map((r) => socketRooms.room(sid, r)),
    ...(a.roles ?? []).map((r) => socketRooms.role(sid, r)),
    ...(a.persons ?? []).map((p) => socketRooms.person(sid, p)),
  ];
}
