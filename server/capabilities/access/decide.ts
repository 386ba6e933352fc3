import { EVERYONE } from '../../../shared/domain/audience.js';
import { own } from '../../../shared/domain/keyed.js';
import { ev } from '../../../shared/domain/events.js';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import type { SessionState } from '../../../shared/domain/state.js';
import { DomainError } from '../../../shared/protocol/errors.js';

/** Pure decisions about who may get in (join code, joining open, key generation of links, observer cap). */

const MODERATORS_ONLY = { roles: ['moderator' as const] };

/** Joining with `code` now: the code must be the current one and joining open. */
export function assertJoinable(state: SessionState, code: string): void {
  if (state.joinCode !== code) throw new DomainError('INVALID_JOIN_CODE');
  if (!state.access.joiningOpen) throw new DomainError('JOINING_CLOSED');
}

export function observerCount(state: SessionState): number {
  let n = 0;
  for (const id of state.roster) {
    const p = own(state.people, id);
    if (p && p.role === 'observer' && !p.removed) n++;
  }
  return n;
}

/** An invitation of generation `gen` may create one more observer now. */
export function assertInviteUsable(state: SessionState, gen: number): void {
  if (gen < state.access.generation) throw new DomainError('TOKEN_REVOKED', 'this invitation was replaced by a newer link');
  if (observerCount(state) >= state.access.observerCap) throw new DomainError('OBSERVER_CAP_REACHED');
}

export function decideReissue(state: SessionState): NewEvent[] {
  return [ev('access:linksReissued', { generation: state.access.generation + 1 }, MODERATORS_ONLY)];
}

export function decideJoinCode(state: SessionState, joinCode: string): NewEvent[] {
  if (state.joinCode === joinCode) return [];
  return [ev('access:joinCodeChanged', { joinCode }, EVERYONE)];
}

export function decideJoining(state: SessionState, open: boolean): NewEvent[] {
  if (state.access.joiningOpen === open) return [];
  return [ev('access:joiningSet', { open }, EVERYONE)];
}

export function decideObserverCap(state: SessionState, cap: number): NewEvent[] {
  if (state.access.observerCap === cap) return [];
  return [ev('access:observerCapSet', { cap }, MODERATORS_ONLY)];
}
