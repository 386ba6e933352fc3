import { ev } from '../../../shared/domain/events.js';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import type { SessionState } from '../../../shared/domain/state.js';
import type { Viewer } from '../../../shared/domain/audience.js';
import { EVERYONE } from '../../../shared/domain/audience.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { own } from '../../../shared/domain/keyed.js';
import { expired } from '../../../shared/domain/rooms/broadcast.js';

const MODS = { roles: ['moderator' as const] };

export function checkInAsked(id: string, partId: string | null): NewEvent {
  return ev('bridge:checkInAsked', { id, partId }, MODS);
}

export function decideSay(state: SessionState, viewer: Viewer, id: string, text: string, toFacilitators: boolean, now: number): NewEvent[] {
  const shared = toFacilitators || viewer.role === 'facilitator';
  const name = own(state.people, viewer.personId)?.name ?? '';
  return [ev('bridge:message', { message: { id, personId: viewer.personId, name, text, at: now, toFacilitators: shared } }, { roles: shared ? ['moderator', 'facilitator'] : ['moderator'] })];
}

export type HighlightSource =
  | { kind: 'chat'; roomId: string; messageId: string }
  | { kind: 'remark'; personId: string | null; name?: string; text: string };

export function decideHighlight(state: SessionState, viewer: Viewer, id: string, source: HighlightSource, now: number, minutes = 0): NewEvent[] {
  const expiresAt = minutes > 0 ? now + minutes * 60_000 : null;
  if (source.kind === 'chat') {
    const m = own(state.chat, source.roomId)?.find((x) => x.id === source.messageId);
    if (!m || m.hidden) throw new DomainError('NOT_FOUND', 'no such message');
    return [ev('bridge:highlighted', { highlight: { id, text: m.text, personId: m.personId, name: m.name, saidAt: m.at, roomId: m.roomId, byId: viewer.personId, expiresAt } }, MODS)];
  }
  const p = source.personId ? own(state.people, source.personId) : null;
  if (source.personId && !p) throw new DomainError('NOT_FOUND', 'no such person');
  const name = p?.name ?? source.name ?? '';
  return [ev('bridge:highlighted', { highlight: { id, text: source.text, personId: p?.id ?? null, name, saidAt: now, roomId: p?.roomId ?? null, byId: viewer.personId, expiresAt } }, MODS)];
}

export function decideProject(state: SessionState, highlightId: string | null, now: number): NewEvent[] {
  if (highlightId === null) return state.bridge.projected ? [ev('bridge:projected', { highlight: null }, EVERYONE)] : [];
  const h = state.bridge.highlights.find((x) => x.id === highlightId);
  if (!h) throw new DomainError('NOT_FOUND', 'no such highlight');
  if (expired(h.expiresAt, now)) throw new DomainError('CONFLICT', 'this highlight has expired: highlight it again');
  if (state.bridge.projected?.id === h.id) return [];
  return [ev('bridge:projected', { highlight: h }, EVERYONE)];
}

/** On demand: for the running part, or the last one finished. */
export function decideAskCheckIn(state: SessionState, id: string): NewEvent[] {
  const finished = Object.keys(state.agendaRun.finished);
  const partId = state.agendaRun.currentId ?? state.agenda.filter((p) => finished.includes(p.id)).at(-1)?.id ?? null;
  return [checkInAsked(id, partId)];
}

export function decideAnswerCheckIn(state: SessionState, checkInId: string, summary: string, highlightIds: string[]): NewEvent[] {
  const c = state.bridge.checkIns.find((x) => x.id === checkInId);
  if (!c) throw new DomainError('NOT_FOUND', 'no such check-in');
  if (c.answeredAt !== null) throw new DomainError('CONFLICT', 'this check-in is already answered');
  for (const h of highlightIds) if (!state.bridge.highlights.some((x) => x.id === h)) throw new DomainError('NOT_FOUND', 'no such highlight');
  return [ev('bridge:checkInAnswered', { id: checkInId, summary, highlightIds }, MODS)];
}

/**
 * A projected highlight whose time ran out leaves the projector and the wall (the due loop, on every instance;
 * the command id `due:highlight-expired:<id>` makes the log take it once). Empty when nothing expired.
 */
export function decideHighlightExpiry(state: SessionState, now: number): NewEvent[] {
  const out: NewEvent[] = [];
  if (state.bridge.projected && expired(state.bridge.projected.expiresAt, now)) out.push(ev('bridge:projected', { highlight: null }, EVERYONE));
  const wall = state.wall;
  if (wall?.kind === 'highlight' && expired(wall.expiresAt, now)) out.push(ev('wall:cleared', {}, EVERYONE));
  return out;
}

/** The highlight the due loop should take off the screens now (its id names the once-only command), or null. */
export function expiredHighlightId(state: SessionState, now: number): string | null {
  if (state.bridge.projected && expired(state.bridge.projected.expiresAt, now)) return state.bridge.projected.id;
  const wall = state.wall;
  if (wall?.kind === 'highlight' && expired(wall.expiresAt, now)) return wall.id;
  return null;
}
