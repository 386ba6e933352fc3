// Appliers import only types from the schemas, so the client bundle does not pull in zod.
import type { Appliers } from '../eventTypes.js';
import type { roomsEvents } from './events.js';
import { PLENARY_ID, type SessionState } from '../state.js';

/** People who follow the room moves: everyone but moderators and observers (they stay in the plenary). */
function moves(s: SessionState, personId: string): boolean {
  const p = s.people[personId];
  return !!p && !p.removed && (p.role === 'participant' || p.role === 'facilitator');
}

export const roomsAppliers: Appliers<typeof roomsEvents> = {
  'rooms:planned': (s, d) => {
    for (const r of d.rooms) {
      if (!s.rooms[r.id]) s.roomOrder.push(r.id);
      s.rooms[r.id] = r;
    }
    s.roomsRun.groupOf = d.replace ? { ...d.groupOf } : { ...s.roomsRun.groupOf, ...d.groupOf };
    s.roomsRun.nextRoomNo = d.nextRoomNo;
    if (s.roomsRun.open) for (const [pid, rid] of Object.entries(d.groupOf)) if (moves(s, pid)) s.people[pid].roomId = rid;
  },
  'rooms:updated': (s, d) => {
    if (!s.rooms[d.room.id]) s.roomOrder.push(d.room.id);
    s.rooms[d.room.id] = d.room;
  },
  'rooms:personAssigned': (s, d) => {
    if (d.roomId) s.roomsRun.groupOf[d.personId] = d.roomId;
    else delete s.roomsRun.groupOf[d.personId];
    if (s.roomsRun.open && moves(s, d.personId)) s.people[d.personId].roomId = d.roomId ?? PLENARY_ID;
  },
  'rooms:moveScheduled': (s, d) => {
    s.roomsRun.pendingMove = d.move;
  },
  'rooms:moveCancelled': (s, d, m) => {
    if (s.roomsRun.pendingMove?.id === d.id) s.roomsRun.pendingMove = null;
    // Cancelling the recall that the end of the breakout timer started: the groups go on without a timer.
    if (s.roomsRun.breakoutEndsAt !== null && s.roomsRun.breakoutEndsAt <= m.at) s.roomsRun.breakoutEndsAt = null;
  },
  'rooms:opened': (s, d, m) => {
    s.roomsRun.open = true;
    s.roomsRun.pendingMove = null;
    s.roomsRun.breakoutEndsAt = d.minutes > 0 ? m.at + d.minutes * 60_000 : null;
    for (const pid of s.roster) {
      if (!moves(s, pid)) continue;
      s.people[pid].roomId = s.roomsRun.groupOf[pid] ?? PLENARY_ID;
    }
  },
  'rooms:recalled': (s) => {
    s.roomsRun.open = false;
    s.roomsRun.pendingMove = null;
    s.roomsRun.breakoutEndsAt = null;
    for (const pid of s.roster) {
      const p = s.people[pid];
      p.roomId = PLENARY_ID;
      p.visiting = null;
    }
  },
  'rooms:broadcast': (s, d, m) => {
    s.roomsRun.broadcast = { text: d.text, byName: d.byName, at: m.at };
  },
  'rooms:visiting': (s, d) => {
    const p = s.people[d.personId];
    if (p) p.visiting = d.roomId;
  },
};
