import { z } from 'zod';
import { MIN_SUPPORTED_PROTOCOL, PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { DomainError } from '../../shared/protocol/errors.js';
import type { TokenSigner } from '../auth/tokens.js';
import type { SessionHub } from '../sessions/SessionHub.js';
import { viewerOf } from './viewer.js';
import { REVOCABLE_ROLES } from '../auth/links.js';
import { tokenRefusal } from './tokenPolicy.js';
import { own } from '../../shared/domain/keyed.js';

const HandshakeAuth = z.object({ token: z.string().max(2000), protocol: z.number().int() });

/**
 * Checks a connection before it is accepted: protocol version, token signature, session, and that the
 * person was not removed. Throws a DomainError whose code reaches the client as `connect_error.data.code`.
 */
export async function verifyHandshake(auth: unknown, signer: TokenSigner, hub: SessionHub) {
  const parsed = HandshakeAuth.safeParse(auth);
  if (!parsed.success) throw new DomainError('UNAUTHENTICATED', 'handshake needs { token, protocol }');
  const { token, protocol } = parsed.data;
  if (protocol < MIN_SUPPORTED_PROTOCOL) throw new DomainError('PROTOCOL_TOO_OLD', `protocol ${protocol} < ${MIN_SUPPORTED_PROTOCOL}: reload the page`);
  if (protocol > PROTOCOL_VERSION) throw new DomainError('PROTOCOL_TOO_NEW', `protocol ${protocol} > ${PROTOCOL_VERSION}`);
  const claims = signer.verifyPerson(token);
  if (!claims) throw new DomainError('UNAUTHENTICATED');
  if (claims.exp <= Date.now()) throw new DomainError('TOKEN_EXPIRED');
  const rt = await hub.require(claims.sid);
  // A re-issue of links made on another instance must refuse an old link here at once, even if its relay was
  // lost: read the log head first (moderator, projector and observer links only; participants are not revoked).
  if (REVOCABLE_ROLES.has(claims.role)) await hub.catchUp(claims.sid);
  const refusal = tokenRefusal({ tokenRole: claims.role, tokenGen: claims.gen, tokenExp: claims.exp }, rt.state, Date.now());
  if (refusal) throw refusal;
  // A person who just joined through another instance may not have reached this one yet: read the log first.
  if (claims.role !== 'projector' && !own(rt.state.people, claims.pid)) await hub.catchUp(claims.sid);
  if (claims.role !== 'projector' && !viewerOf(rt.state, claims.pid, claims.role)) {
    throw new DomainError(own(rt.state.people, claims.pid) ? 'REMOVED' : 'UNAUTHENTICATED');
  }
  return claims;
}
