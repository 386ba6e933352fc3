import { EVERYONE } from '../../shared/domain/audience.js';
import { ev } from '../../shared/domain/events.js';
import type { SessionLinks, TokenResponse } from '../../shared/protocol/http.js';
import type { Modality } from '../../shared/protocol/primitives.js';
import type { Person, SessionState } from '../../shared/domain/state.js';
import { DomainError } from '../../shared/protocol/errors.js';
import { newId, newJoinCode } from '../auth/ids.js';
import type { TokenSigner } from '../auth/tokens.js';
import { decideJoin, newPerson } from '../capabilities/people/decide.js';
import type { Store } from '../store/Store.js';
import type { SessionHub } from './SessionHub.js';

export interface CreateSessionInput {
  title: string;
  languages: string[];
  agenda: Array<{ title: string; minutes: number; room: 'plenary' | 'breakouts' }>;
  moderatorNames?: { onsite?: string; online?: string };
}

export interface CreatedSession extends SessionLinks {
  onsiteModeratorToken: string;
  onlineModeratorToken: string;
}

/** Session lifecycle over HTTP: create, join with a code, accept an observer invitation. */
export class SessionService {
  constructor(
    readonly hub: SessionHub,
    private readonly store: Store,
    private readonly signer: TokenSigner,
    private readonly publicUrl: () => string,
  ) {}

  async create(input: CreateSessionInput): Promise<CreatedSession> {
    const sessionId = newId('s');
    let code = newJoinCode();
    for (let i = 0; !(await this.store.claimJoinCode(code, sessionId)); i++) {
      if (i > 10) throw new DomainError('INTERNAL', 'could not allocate a join code');
      code = newJoinCode();
    }
    const at = this.hub.now();
    const onsite = newPerson({ id: newId('p'), name: input.moderatorNames?.onsite ?? 'Onsite moderator', role: 'moderator', side: 'onsite', modality: 'onsite', at });
    const online = newPerson({ id: newId('p'), name: input.moderatorNames?.online ?? 'Online moderator', role: 'moderator', side: 'online', modality: 'online', at });
    await this.hub.create(sessionId, [
      ev(
        'session:created',
        {
          title: input.title,
          languages: input.languages,
          agenda: input.agenda.map((p, i) => ({ id: `part-${i + 1}`, ...p })),
          createdAt: at,
          joinCode: code,
          moderators: [onsite, online],
        },
        EVERYONE,
      ),
    ]);
    const onsiteModeratorToken = this.signer.personToken(sessionId, onsite.id, 'moderator');
    const onlineModeratorToken = this.signer.personToken(sessionId, online.id, 'moderator');
    return { ...this.links(sessionId, code, onsiteModeratorToken, onlineModeratorToken), onsiteModeratorToken, onlineModeratorToken };
  }

  /** Links and fresh moderator tokens for a session that already exists (the demo session after a restart). */
  linksForExisting(sessionId: string, state: SessionState): CreatedSession {
    const moderators = Object.values(state.people).filter((p) => p.role === 'moderator' && !p.removed);
    const tokenFor = (side: Modality) => {
      const m = moderators.find((p) => p.side === side) ?? moderators[0];
      if (!m) throw new DomainError('INTERNAL', 'session without a moderator');
      return this.signer.personToken(sessionId, m.id, 'moderator');
    };
    const onsiteModeratorToken = tokenFor('onsite');
    const onlineModeratorToken = tokenFor('online');
    return { ...this.links(sessionId, state.joinCode, onsiteModeratorToken, onlineModeratorToken), onsiteModeratorToken, onlineModeratorToken };
  }

  links(sessionId: string, code: string, onsiteToken: string, onlineToken: string): SessionLinks {
    const base = this.publicUrl();
    return {
      sessionId,
      joinCode: code,
      joinUrl: `${base}/join/${code}`,
      onsiteModeratorUrl: `${base}/moderator#token=${onsiteToken}`,
      onlineModeratorUrl: `${base}/moderator#token=${onlineToken}`,
      observerUrl: `${base}/invite#invite=${this.signer.inviteToken(sessionId)}`,
      projectorUrl: `${base}/projector#token=${this.signer.personToken(sessionId, 'projector', 'projector')}`,
    };
  }

  async lookup(code: string) {
    const sessionId = await this.store.resolveJoinCode(code);
    if (!sessionId) throw new DomainError('INVALID_JOIN_CODE');
    const rt = await this.hub.require(sessionId);
    return { sessionId, title: rt.state.title, languages: rt.state.languages };
  }

  /**
   * Adds a participant. With a `joinId`, the append carries the command id `join:<joinId>`, so a repeat
   * (a phone that gave up waiting and tapped Join again, or two copies in flight) is recognised by the
   * store's command-id check — in the log, shared by every instance — and answered with the person the
   * first attempt added, not a second one.
   */
  async join(input: { code: string; name: string; modality: Modality; table?: string; joinId?: string }): Promise<TokenResponse> {
    const { sessionId } = await this.lookup(input.code);
    const candidate = newPerson({ id: newId('p'), name: input.name, role: 'participant', modality: input.modality, table: input.table ?? null, at: this.hub.now() });
    const personId = await this.addPerson(sessionId, candidate, input.joinId ? `join:${input.joinId}` : undefined);
    return { token: this.signer.personToken(sessionId, personId, 'participant'), sessionId, personId, role: 'participant' };
  }

  /** Adds an observer from an invitation; a `joinId` makes repeats return the same observer, as for `join`. */
  async acceptInvite(input: { invite: string; name: string; label?: string; joinId?: string }): Promise<TokenResponse> {
    const claims = this.signer.verifyInvite(input.invite);
    if (!claims) throw new DomainError('UNAUTHENTICATED', 'invalid invitation');
    await this.hub.require(claims.sid);
    const candidate = newPerson({ id: newId('p'), name: input.name, role: 'observer', modality: 'online', label: input.label ?? null, at: this.hub.now() });
    const personId = await this.addPerson(claims.sid, candidate, input.joinId ? `invite:${input.joinId}` : undefined);
    return { token: this.signer.personToken(claims.sid, personId, 'observer'), sessionId: claims.sid, personId, role: 'observer' };
  }

  /**
   * Logs `person:joined` for `candidate` and returns the id of the person the log holds for this command:
   * the candidate, or — when `cid` was seen before — the person the first attempt added.
   */
  private async addPerson(sessionId: string, candidate: Person, cid: string | undefined): Promise<string> {
    const events = await this.hub.execute(sessionId, null, (s) => decideJoin(s, candidate), cid);
    const joined = events.find((e) => e.type === 'person:joined')?.data as { person: Person } | undefined;
    const personId = joined?.person.id ?? candidate.id;
    // A repeat that comes after a moderator removed that person gets the refusal the token would meet.
    if ((await this.hub.require(sessionId)).state.people[personId]?.removed) throw new DomainError('REMOVED');
    return personId;
  }
}
