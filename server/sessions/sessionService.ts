import { EVERYONE } from '../../shared/domain/audience.js';
import { ev } from '../../shared/domain/events.js';
import type { SessionLinks, TokenResponse } from '../../shared/protocol/http.js';
import type { Modality } from '../../shared/protocol/primitives.js';
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

  async join(input: { code: string; name: string; modality: Modality; table?: string }): Promise<TokenResponse> {
    const { sessionId } = await this.lookup(input.code);
    const person = newPerson({ id: newId('p'), name: input.name, role: 'participant', modality: input.modality, table: input.table ?? null, at: this.hub.now() });
    await this.hub.execute(sessionId, null, (s) => decideJoin(s, person));
    return { token: this.signer.personToken(sessionId, person.id, 'participant'), sessionId, personId: person.id, role: 'participant' };
  }

  async acceptInvite(input: { invite: string; name: string; label?: string }): Promise<TokenResponse> {
    const claims = this.signer.verifyInvite(input.invite);
    if (!claims) throw new DomainError('UNAUTHENTICATED', 'invalid invitation');
    await this.hub.require(claims.sid);
    const person = newPerson({ id: newId('p'), name: input.name, role: 'observer', modality: 'online', label: input.label ?? null, at: this.hub.now() });
    await this.hub.execute(claims.sid, null, (s) => decideJoin(s, person));
    return { token: this.signer.personToken(claims.sid, person.id, 'observer'), sessionId: claims.sid, personId: person.id, role: 'observer' };
  }
}
