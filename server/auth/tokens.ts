import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ViewerRole } from '../../shared/protocol/primitives.js';

/**
 * Tokens issued before expiry and key generations existed carry neither: they belong to generation 0 and
 * expire this long after they were issued (a dialogue day and its evening), so an upgrade keeps a running day.
 */
export const LEGACY_TOKEN_LIFETIME_MS = 36 * 60 * 60 * 1000;

/**
 * Common to every token: `gen` is the session's key generation it was issued in (moderators re-issuing links
 * start a new one, see docs/security.md), `exp` when it stops working (ms since epoch).
 */
const Validity = { iat: z.number(), gen: z.number().int().min(0).optional(), exp: z.number().optional() };
/** A person token: who the bearer is in which session. Roles can change later; the session state is the authority. */
const PersonClaims = z.object({ k: z.literal('p'), sid: z.string(), pid: z.string(), role: ViewerRole, ...Validity });
/** An invitation: whoever holds it may create a person of that role (used for observer links). */
const InviteClaims = z.object({ k: z.literal('i'), sid: z.string(), role: z.literal('observer'), ...Validity });
type Valid<T> = Omit<T, 'gen' | 'exp'> & { gen: number; exp: number };
export type PersonClaims = Valid<z.infer<typeof PersonClaims>>;
export type InviteClaims = Valid<z.infer<typeof InviteClaims>>;
/** Key generation and expiry of a token being issued; without them: generation 0, the legacy lifetime. */
export interface Validity {
  gen: number;
  exp: number;
}

function withValidity<T extends { iat: number; gen?: number; exp?: number }>(c: T): Omit<T, 'gen' | 'exp'> & { gen: number; exp: number } {
  return { ...c, gen: c.gen ?? 0, exp: c.exp ?? c.iat + LEGACY_TOKEN_LIFETIME_MS };
}

export class TokenSigner {
  constructor(private readonly secret: string) {}

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }

  private encode(claims: object): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  private decode(token: unknown): unknown {
    if (typeof token !== 'string' || token.length > 2000) return null;
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
  }

  personToken(sessionId: string, personId: string, role: ViewerRole, validity?: Validity): string {
    const iat = Date.now();
    return this.encode({ k: 'p', sid: sessionId, pid: personId, role, iat, ...(validity ?? {}) });
  }

  inviteToken(sessionId: string, validity?: Validity): string {
    return this.encode({ k: 'i', sid: sessionId, role: 'observer', iat: Date.now(), ...(validity ?? {}) });
  }

  /** The claims of a well-signed person token (expired or not: the caller names the reason it refuses). */
  verifyPerson(token: unknown): PersonClaims | null {
    const r = PersonClaims.safeParse(this.decode(token));
    return r.success ? withValidity(r.data) : null;
  }

  verifyInvite(token: unknown): InviteClaims | null {
    const r = InviteClaims.safeParse(this.decode(token));
    return r.success ? withValidity(r.data) : null;
  }
}
