// Appliers import only types from the schemas, so the client bundle does not pull in zod.
import type { Appliers } from '../eventTypes.js';
import type { roomsEvents } from './events.js';
import { PLENARY_ID, type Person, type SessionState } from '../state.js';
import { emptyRecord, has, own, recordOf, setOwn } from '../keyed.js';

/** The person if they follow the room moves: everyone but moderators and observers (they stay in the plenary). */
function mover(s: SessionState, personId: string): Person | undefined {
  const p = own(s.people, personId);
  return p && !p.removed && (p.role === 'participant' || p.role === 'facilitator') ? p : undefined;
}

export const roomsAppliers: Appliers<typeof roomsEvents> = {
  'rooms:planned': (s, d) => {
    // Read before the first write (see applyEvent: a throwing applier must leave the state unchanged).
    const assigned = Object.entries(d.groupOf);
    for (const r of d.rooms) {
      if (!has(s.rooms, r.id)) s.roomOrder.push(r.id);
      setOwn(s.rooms, r.id, r);
    }
    const groupOf = d.replace ? emptyRecord<string>() : recordOf(s.roomsRun.groupOf);
    for (const [pid, rid] of assigned) setOwn(groupOf, pid, rid);
    s.roomsRun.groupOf = groupOf;
    s.roomsRun.nextRoomNo = d.nextRoomNo;
    if (s.roomsRun.open) {
      for (const [pid, rid] of assigned) {
        const p = mover(s, pid);
        if (p) p.roomId = rid;
      }
    }
  },
  'rooms:updated': (s, d) => {
    if (!has(s.rooms, d.room.id)) s.roomOrder.push(d.room.id);
    setOwn(s.rooms, d.room.id, d.room);
  },
  'rooms:deleted': (s, d) => {
    if (d.roomId === PLENARY_ID || !has(s.rooms, d.roomId)) return;
    delete s.rooms[d.roomId];
    s.roomOrder = s.roomOrder.filter((id) => id !== d.roomId);
    for (const [pid, rid] of Object.entries(s.roomsRun.groupOf)) if (rid === d.roomId) delete s.roomsRun.groupOf[pid];
    for (const p of Object.values(s.people)) {
      if (p.visiting === d.roomId) p.visiting = null;
      if (p.roomId === d.roomId) p.roomId = PLENARY_ID;
    }
  },
  'rooms:personAssigned': (s, d) => {
    if (d.roomId) setOwn(s.roomsRun.groupOf, d.personId, d.roomId);
    else delete s.roomsRun.groupOf[d.personId];
    const p = s.roomsRun.open ? mover(s, d.personId) : undefined;
    if (p) p.roomId = d.roomId ?? PLENARY_ID;
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
    // A new breakout round starts with an empty group chat (issue 17): the last round's messages stay in the log
    // (and the report, built from the log) but are not shown to the new round's members.
    for (const rid of s.roomOrder) if (rid !== PLENARY_ID) delete s.chat[rid];
    s.roomsRun.open = true;
    s.roomsRun.pendingMove = null;
    s.roomsRun.breakoutEndsAt = d.minutes > 0 ? m.at + d.minutes * 60_000 : null;
    for (const pid of s.roster) {
      const p = mover(s, pid);
      if (p) p.roomId = own(s.roomsRun.groupOf, pid) ?? PLENARY_ID;
    }
  },
  'rooms:recalled': (s) => {
    s.roomsRun.open = false;
    s.roomsRun.pendingMove = null;
    s.roomsRun.breakoutEndsAt = null;
    for (const pid of s.roster) {
      const p = own(s.people, pid);
      if (!p) continue;
      p.roomId = PLENARY_ID;
      p.visiting = null;
    }
  },
  'rooms:broadcast': (s, d, m) => {
    s.roomsRun.broadcast = { text: d.text, byName: d.byName, at: m.at, id: d.id ?? `b${m.seq}`, expiresAt: d.expiresAt ?? null };
  },
  'rooms:broadcastCleared': (s) => {
    s.roomsRun.broadcast = null;
  },
  'rooms:visiting': (s, d) => {
    const p = own(s.people, d.personId);
    if (p) p.visiting = d.roomId;
  },
};
