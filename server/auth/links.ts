import type { SessionState } from '../../shared/domain/state.js';
import { own } from '../../shared/domain/keyed.js';
import type { ViewerRole } from '../../shared/protocol/primitives.js';
import type { TokenSigner, Validity } from './tokens.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** Roles whose links a re-issue invalidates. Participants keep theirs (see docs/security.md, "Links, tokens and roles"). */
export const REVOCABLE_ROLES: ReadonlySet<ViewerRole> = new Set(['moderator', 'projector', 'observer']);

/**
 * When a token issued at `now` stops working: the end of that (UTC) day plus `graceHours`. The default grace
 * (30 h) covers a session prepared the evening before and run the next day, in any time zone, and then ends:
 * a link found a week later opens nothing.
 */
export function tokenExpiry(now: number, graceHours: number): number {
  return Math.floor(now / DAY_MS) * DAY_MS + DAY_MS + graceHours * HOUR_MS;
}

export interface ModeratorLink {
  personId: string;
  name: string;
  side: string | null;
  url: string;
}

export interface IssuedLinks {
  moderators: ModeratorLink[];
  projectorUrl: string;
  observerUrl: string;
}

/** Signs the links of a session in its current key generation, with the configured expiry. */
export class LinkIssuer {
  constructor(
    readonly signer: TokenSigner,
    private readonly publicUrl: () => string,
    readonly graceHours: number,
    private readonly now: () => number = Date.now,
  ) {}

  validity(state: Pick<SessionState, 'access'>): Validity {
    return { gen: state.access?.generation ?? 0, exp: tokenExpiry(this.now(), this.graceHours) };
  }

  personToken(state: Pick<SessionState, 'id' | 'access'>, personId: string, role: ViewerRole): string {
    return this.signer.personToken(state.id, personId, role, this.validity(state));
  }

  moderatorUrl(token: string): string {
    return `${this.publicUrl()}/moderator#token=${token}`;
  }

  projectorUrl(state: Pick<SessionState, 'id' | 'access'>): string {
    return `${this.publicUrl()}/projector#token=${this.personToken(state, 'projector', 'projector')}`;
  }

  observerUrl(state: Pick<SessionState, 'id' | 'access'>): string {
    return `${this.publicUrl()}/invite#invite=${this.signer.inviteToken(state.id, this.validity(state))}`;
  }

  /** Every moderator, projector and observer link of the session, in its current generation. */
  all(state: SessionState): IssuedLinks {
    const moderators = state.roster
      .map((id) => own(state.people, id))
      .filter((p): p is NonNullable<typeof p> => !!p && p.role === 'moderator' && !p.removed)
      .map((p) => ({ personId: p.id, name: p.name, side: p.side, url: this.moderatorUrl(this.personToken(state, p.id, 'moderator')) }));
    return { moderators, projectorUrl: this.projectorUrl(state), observerUrl: this.observerUrl(state) };
  }
}
