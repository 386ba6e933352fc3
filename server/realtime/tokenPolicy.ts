import type { SessionState } from '../../shared/domain/state.js';
import { DomainError } from '../../shared/protocol/errors.js';
import type { ViewerRole } from '../../shared/protocol/primitives.js';
import { REVOCABLE_ROLES } from '../auth/links.js';

/** What a connection's token says about how long it holds: its role, key generation and expiry. */
export interface TokenValidity {
  tokenRole: ViewerRole;
  tokenGen: number;
  tokenExp: number;
}

/**
 * The named reason a token no longer works, or null: past its expiry (TOKEN_EXPIRED), or a moderator,
 * projector or observer token from before the last re-issue of links (TOKEN_REVOKED). Checked at the
 * handshake, at every command, and when a re-issue or an expiry sweep closes open connections.
 */
export function tokenRefusal(t: TokenValidity, state: Pick<SessionState, 'access'>, now: number): DomainError | null {
  if (t.tokenExp <= now) return new DomainError('TOKEN_EXPIRED');
  if (REVOCABLE_ROLES.has(t.tokenRole) && t.tokenGen < (state.access?.generation ?? 0)) return new DomainError('TOKEN_REVOKED');
  return null;
}
