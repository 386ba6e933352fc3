import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ViewerRole } from '../../shared/protocol/primitives.js';

/** A person token: who the bearer is in which session. Roles can change later; the session state is the authority. */
const PersonClaims = z.object({ k: z.literal('p'), sid: z.string(), pid: z.string(), role: ViewerRole, iat: z.number() });
/** An invitation: whoever holds it may create a person of that role (used for observer links). */
const InviteClaims = z.object({ k: z.literal('i'), sid: z.string(), role: z.literal('observer'), iat: z.number() });
export type PersonClaims = z.infer<typeof PersonClaims>;
export type InviteClaims = z.infer<typeof InviteClaims>;

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

  personToken(sessionId: string, personId: string, role: ViewerRole): string {
    return this.encode({ k: 'p', sid: sessionId, pid: personId, role, iat: Date.now() } satisfies PersonClaims);
  }

  inviteToken(sessionId: string): string {
    return this.encode({ k: 'i', sid: sessionId, role: 'observer', iat: Date.now() } satisfies InviteClaims);
  }

  verifyPerson(token: unknown): PersonClaims | null {
    const r = PersonClaims.safeParse(this.decode(token));
    return r.success ? r.data : null;
  }

  verifyInvite(token: unknown): InviteClaims | null {
    const r = InviteClaims.safeParse(this.decode(token));
    return r.success ? r.data : null;
  }
}
