import { ev } from '../../../shared/domain/events.js';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import type { HelpRequest, SessionState } from '../../../shared/domain/state.js';
import type { Audience, Viewer } from '../../../shared/domain/audience.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { own } from '../../../shared/domain/keyed.js';

/** Moderators, the requester and everyone marked as technical support now. */
export function helpAudience(state: SessionState, requesterId: string): Audience {
  const support = state.roster.filter((id) => { const p = own(state.people, id); return !!p && p.support && !p.removed; });
  return { roles: ['moderator'], persons: [requesterId, ...support] };
}

export function canHelp(state: SessionState, viewer: Viewer): boolean {
  return viewer.role === 'moderator' || !!own(state.people, viewer.personId)?.support;
}

function request(state: SessionState, id: string): HelpRequest {
  const r = own(state.help.requests, id);
  if (!r) throw new DomainError('NOT_FOUND', 'no such help request');
  return r;
}

export function openRequestOf(state: SessionState, personId: string): HelpRequest | undefined {
  return state.help.order.map((id) => own(state.help.requests, id)).find((r) => r?.personId === personId && r.status !== 'closed');
}

export function decideRequest(state: SessionState, personId: string, id: string, note: string, now: number): NewEvent[] {
  if (openRequestOf(state, personId)) return [];
  const p = own(state.people, personId);
  if (!p) throw new DomainError('NOT_FOUND', 'no such person');
  const request: HelpRequest = { id, personId, name: p.name, modality: p.modality, note: note || null, at: now, status: 'open', helperId: null, helperName: null, closedAt: null };
  return [ev('help:requested', { request }, helpAudience(state, personId))];
}

export function decideTake(state: SessionState, viewer: Viewer, id: string): NewEvent[] {
  if (!canHelp(state, viewer)) throw new DomainError('FORBIDDEN', 'only moderators and support people take help requests');
  const r = request(state, id);
  if (r.status === 'closed') throw new DomainError('CONFLICT', 'this request is closed');
  if (r.helperId === viewer.personId) return [];
  return [ev('help:taken', { requestId: id, helperId: viewer.personId, helperName: own(state.people, viewer.personId)?.name ?? '' }, helpAudience(state, r.personId))];
}

export function decideClose(state: SessionState, viewer: Viewer, id: string): NewEvent[] {
  const r = request(state, id);
  if (r.personId !== viewer.personId && !canHelp(state, viewer)) throw new DomainError('FORBIDDEN', 'not your request');
  if (r.status === 'closed') return [];
  return [ev('help:closed', { requestId: id }, helpAudience(state, r.personId))];
}
