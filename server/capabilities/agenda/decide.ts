import { EVERYONE } from '../../../shared/domain/audience.js';
import { ev } from '../../../shared/domain/events.js';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import type { SessionState } from '../../../shared/domain/state.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { checkInAsked } from '../bridge/decide.js';
import { own } from '../../../shared/domain/keyed.js';
import type { LocalizedText } from '../../../shared/domain/polls/schemas.js';

/** Pure agenda decisions. Deadlines are computed by the appliers from the event's server time. */

export function decideAddPart(state: SessionState, title: LocalizedText, minutes: number, room: 'plenary' | 'breakouts'): NewEvent[] {
  const no = state.agendaRun.nextPartNo;
  return [ev('agenda:partAdded', { part: { id: `added-${no}`, title, minutes, room }, nextPartNo: no + 1 }, EVERYONE)];
}

function finishCurrent(state: SessionState, how: 'ended' | 'skipped', checkInId: string): NewEvent[] {
  const cur = state.agendaRun.currentId;
  if (!cur) return [];
  // The end of a part asks the online moderator for a check-in, recorded with that part.
  return [ev('agenda:partFinished', { partId: cur, how }, EVERYONE), ...(how === 'ended' ? [checkInAsked(checkInId, cur)] : [])];
}

export function decideStart(state: SessionState, partId: string | undefined, checkInId: string): NewEvent[] {
  const part = partId ? state.agenda.find((p) => p.id === partId) : state.agenda.find((p) => !own(state.agendaRun.finished, p.id) && p.id !== state.agendaRun.currentId);
  if (!part) throw new DomainError(partId ? 'NOT_FOUND' : 'CONFLICT', partId ? 'no such agenda part' : 'every part is finished');
  if (part.id === state.agendaRun.currentId) throw new DomainError('CONFLICT', 'this part is already running');
  return [...finishCurrent(state, 'ended', checkInId), ev('agenda:partStarted', { partId: part.id, minutes: part.minutes }, EVERYONE)];
}

export function decideExtend(state: SessionState, minutes: number): NewEvent[] {
  const cur = state.agendaRun.currentId;
  if (!cur) throw new DomainError('CONFLICT', 'no part is running');
  return [ev('agenda:partExtended', { partId: cur, minutes }, EVERYONE)];
}

export function decideEnd(state: SessionState, checkInId: string): NewEvent[] {
  if (!state.agendaRun.currentId) throw new DomainError('CONFLICT', 'no part is running');
  return finishCurrent(state, 'ended', checkInId);
}

export function decideSkip(state: SessionState, partId: string): NewEvent[] {
  if (!state.agenda.some((p) => p.id === partId)) throw new DomainError('NOT_FOUND', 'no such agenda part');
  if (own(state.agendaRun.finished, partId)) throw new DomainError('CONFLICT', 'this part is already finished');
  return [ev('agenda:partFinished', { partId, how: 'skipped' }, EVERYONE)];
}

export function decideSetPrompt(
  state: SessionState,
  partId: string,
  prompt: string | Record<string, string>,
  materials: Array<{ title: string; url: string; lang?: string }>,
): NewEvent[] {
  if (!state.agenda.some((p) => p.id === partId)) throw new DomainError('NOT_FOUND', 'no such agenda part');
  return [ev('agenda:promptSet', { partId, prompt, materials }, EVERYONE)];
}
