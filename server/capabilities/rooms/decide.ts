import { EVERYONE } from '../../../shared/domain/audience.js';
import { ev } from '../../../shared/domain/events.js';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import { PLENARY_ID, type Person, type Room, type SessionState } from '../../../shared/domain/state.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { balancedGroups, tablesAndOnline, type Random } from './assignment.js';
import { emptyRecord, own, setOwn } from '../../../shared/domain/keyed.js';

/** Pure decisions about rooms. Each returns the events to log or throws a DomainError. */

/** The people that breakouts move: participants and facilitators still in the session. */
export function movable(state: SessionState): Person[] {
  return state.roster.map((id) => own(state.people, id)).filter((p): p is Person => !!p && !p.removed && (p.role === 'participant' || p.role === 'facilitator'));
}

function breakout(state: SessionState, roomId: string): Room {
  const r = own(state.rooms, roomId);
  if (!r || r.kind !== 'breakout') throw new DomainError('NOT_FOUND', 'no such breakout room');
  return r;
}

function newRoom(no: number, name: string, modality: Room['modality'], callLink: string | null = null): Room {
  return { id: `room-${no}`, name, kind: 'breakout', modality, facilitatorId: null, callLink };
}

export function decideCreateRoom(state: SessionState, name: string, modality: Room['modality'], callLink: string | null): NewEvent[] {
  const no = state.roomsRun.nextRoomNo;
  return [ev('rooms:planned', { rooms: [newRoom(no, name, modality, callLink)], groupOf: {}, replace: false, nextRoomNo: no + 1 }, EVERYONE)];
}

export function decideUpdateRoom(
  state: SessionState,
  roomId: string,
  patch: { name?: string; callLink?: string | null; facilitatorId?: string | null; modality?: Room['modality'] },
): NewEvent[] {
  const room = breakout(state, roomId);
  if (patch.facilitatorId) {
    const f = own(state.people, patch.facilitatorId);
    if (!f || f.removed || f.role === 'observer') throw new DomainError('NOT_FOUND', 'no such person to facilitate');
    const other = state.roomOrder.map((id) => own(state.rooms, id)).find((r) => r && r.id !== roomId && r.facilitatorId === patch.facilitatorId);
    if (other) throw new DomainError('CONFLICT', `this person already facilitates ${other.name}: clear it there first`);
  }
  return [ev('rooms:updated', { room: { ...room, ...patch } }, EVERYONE)];
}

/** Delete a breakout group (never the plenary); refused while breakouts are open and someone is in it. */
export function decideDeleteRoom(state: SessionState, roomId: string): NewEvent[] {
  breakout(state, roomId);
  if (state.roomsRun.open && state.roster.some((id) => { const p = own(state.people, id); return !!p && !p.removed && p.roomId === roomId; }))
    throw new DomainError('CONFLICT', 'people are in this group now: move them or recall first');
  return [ev('rooms:deleted', { roomId }, EVERYONE)];
}

export type AutoMode = { mode: 'balanced'; groups: number } | { mode: 'tablesAndOnline'; size: number };

/**
 * Automatic assignment: replaces the whole group plan. Balanced mode reuses existing breakout rooms in
 * order and creates the missing ones; tables mode reuses a room of the same name and modality.
 */
export function decideAutoAssign(state: SessionState, opts: AutoMode, random: Random): NewEvent[] {
  const people = movable(state);
  if (people.length === 0) throw new DomainError('CONFLICT', 'nobody to assign');
  let no = state.roomsRun.nextRoomNo;
  const existing = state.roomOrder.map((id) => own(state.rooms, id)).filter((r): r is Room => r?.kind === 'breakout');
  const created: Room[] = [];
  const groupOf = emptyRecord<string>();
  const updates: Room[] = [];
  const place = (members: string[], pick: () => Room) => {
    const room = pick();
    for (const m of members) setOwn(groupOf, m, room.id);
    // The first facilitator dealt to a group facilitates it.
    const fac = members.find((m) => own(state.people, m)?.role === 'facilitator') ?? null;
    if (!fac || room.facilitatorId === fac) return;
    if (created.includes(room)) room.facilitatorId = fac; // a fresh object of this decision
    else updates.push({ ...room, facilitatorId: fac });
  };
  if (opts.mode === 'balanced') {
    const groups = balancedGroups(people, Math.min(opts.groups, people.length), random);
    groups.forEach((members, i) =>
      place(members, () => {
        if (existing[i]) return existing[i];
        const r = newRoom(no++, `Group ${i + 1}`, null);
        created.push(r);
        return r;
      }),
    );
  } else {
    for (const slot of tablesAndOnline(people, opts.size, random)) {
      place(slot.members, () => {
        const same = existing.find((r) => r.name === slot.name && r.modality === slot.modality) ?? created.find((r) => r.name === slot.name && r.modality === slot.modality);
        if (same) return same;
        const r = newRoom(no++, slot.name, slot.modality);
        created.push(r);
        return r;
      });
    }
  }
  // The previous plan's groups that the new one leaves empty go (e.g. "Table 3" after switching to balanced
  // groups), instead of lingering as empty rooms; only while breakouts are closed, so nobody is in one.
  const used = new Set(Object.values(groupOf));
  const stale = state.roomsRun.open ? [] : existing.filter((r) => !used.has(r.id));
  return [
    ev('rooms:planned', { rooms: created, groupOf, replace: true, nextRoomNo: no }, EVERYONE),
    ...updates.map((room) => ev('rooms:updated', { room }, EVERYONE)),
    ...stale.map((r) => ev('rooms:deleted', { roomId: r.id }, EVERYONE)),
  ];
}

export function decideAssign(state: SessionState, personId: string, roomId: string | null): NewEvent[] {
  const p = own(state.people, personId);
  if (!p || p.removed) throw new DomainError('NOT_FOUND', 'no such person');
  if (p.role === 'moderator' || p.role === 'observer') throw new DomainError('CONFLICT', 'moderators and observers are not assigned to groups');
  const target = roomId === PLENARY_ID ? null : roomId;
  if (target) breakout(state, target);
  if ((own(state.roomsRun.groupOf, personId) ?? null) === target) return [];
  return [ev('rooms:personAssigned', { personId, roomId: target }, EVERYONE)];
}

/** Open or recall now, or schedule it after a countdown announced to everyone. */
export function decideMove(state: SessionState, kind: 'open' | 'recall', countdownSeconds: number, minutes: number, moveId: string, now: number): NewEvent[] {
  if (kind === 'open' && Object.keys(state.roomsRun.groupOf).length === 0) throw new DomainError('CONFLICT', 'assign people to groups first');
  if (kind === 'recall' && !state.roomsRun.open) throw new DomainError('CONFLICT', 'breakouts are not open');
  if (kind === 'open' && state.roomsRun.open) throw new DomainError('CONFLICT', 'breakouts are already open');
  if (countdownSeconds > 0) {
    return [ev('rooms:moveScheduled', { move: { id: moveId, kind, at: now + countdownSeconds * 1000, minutes } }, EVERYONE)];
  }
  return [kind === 'open' ? ev('rooms:opened', { moveId: null, minutes }, EVERYONE) : ev('rooms:recalled', { moveId: null }, EVERYONE)];
}

export function decideCancelMove(state: SessionState): NewEvent[] {
  const m = state.roomsRun.pendingMove;
  if (!m) throw new DomainError('CONFLICT', 'no move is pending');
  return [ev('rooms:moveCancelled', { id: m.id }, EVERYONE)];
}

/**
 * Run by every instance's due loop: performs the pending move once its time has come. Idempotent:
 * returns [] when nothing is due (and the loop's cid `due:<moveId>` makes concurrent instances append once).
 */
export function decideDue(state: SessionState, now: number): NewEvent[] {
  const m = state.roomsRun.pendingMove;
  if (!m || m.at > now) return [];
  return [m.kind === 'open' ? ev('rooms:opened', { moveId: m.id, minutes: m.minutes }, EVERYONE) : ev('rooms:recalled', { moveId: m.id }, EVERYONE)];
}

/** Announced time between the end of the breakout timer and everyone being back in the plenary. */
export const BREAKOUT_END_GRACE_SECONDS = 60;

/**
 * Run by every instance's due loop: when the breakout timer has run out, everyone is called back to the
 * plenary with a one-minute countdown announced to all (groups finish their sentence). A moderator may cancel
 * that recall: the groups then go on without a timer (see `rooms:moveCancelled`), so it is not scheduled again.
 * Returns [] when nothing is due; the loop's cid `due:breakout-end:<endsAt>` makes instances append it once.
 */
export function decideBreakoutEnd(state: SessionState, now: number): NewEvent[] {
  if (!breakoutTimerUp(state, now)) return [];
  return decideMove(state, 'recall', BREAKOUT_END_GRACE_SECONDS, 0, `breakout-end-${state.roomsRun.breakoutEndsAt}`, now);
}

/** Breakouts are open, their timer has run out, and no move is announced yet. */
export function breakoutTimerUp(state: SessionState, now: number): boolean {
  const run = state.roomsRun;
  return run.open && run.breakoutEndsAt !== null && run.breakoutEndsAt <= now && !run.pendingMove;
}

/** A broadcast lives `minutes` from `now` (0: until cleared); its id comes from the command, so a retry is the same message. */
export function decideBroadcast(state: SessionState, byId: string, text: string, id: string, minutes: number, now: number): NewEvent[] {
  return [ev('rooms:broadcast', { text, byName: own(state.people, byId)?.name ?? '', id, expiresAt: minutes > 0 ? now + minutes * 60_000 : null }, EVERYONE)];
}

export function decideClearBroadcast(state: SessionState): NewEvent[] {
  return state.roomsRun.broadcast ? [ev('rooms:broadcastCleared', {}, EVERYONE)] : [];
}

export function decideVisit(state: SessionState, personId: string, roomId: string | null): NewEvent[] {
  const target = roomId === PLENARY_ID ? null : roomId;
  if (target) breakout(state, target);
  if ((own(state.people, personId)?.visiting ?? null) === target) return [];
  return [ev('rooms:visiting', { personId, roomId: target }, EVERYONE)];
}
