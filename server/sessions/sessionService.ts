import type { WorksheetSection } from '../../shared/domain/schemas.js';
import { EVERYONE } from '../../shared/domain/audience.js';
import { own } from '../../shared/domain/keyed.js';
import { ev } from '../../shared/domain/events.js';
import type { SessionLinks, TokenResponse } from '../../shared/protocol/http.js';
import type { Modality } from '../../shared/protocol/primitives.js';
import { DomainError } from '../../shared/protocol/errors.js';
import { newId, newJoinCode } from '../auth/ids.js';
import type { TokenSigner } from '../auth/tokens.js';
import { LinkIssuer, type IssuedLinks } from '../auth/links.js';
import type { Person, SessionState } from '../../shared/domain/state.js';
import { emptyAccess } from '../../shared/domain/access/state.js';
import { assertInviteUsable, assertJoinable, decideReissue } from '../capabilities/access/decide.js';
import { decideJoin, newPerson } from '../capabilities/people/decide.js';
import type { Store } from '../store/Store.js';
import type { NewEvent } from '../../shared/domain/eventTypes.js';
import { applyEvent } from '../../shared/domain/apply.js';
import { emptySessionState } from '../../shared/domain/state.js';
import type { ProfileQuestion } from '../../shared/domain/profile/schemas.js';
import type { TemplateInput } from '../../shared/report/templateInput.js';
import { templateDraftEvents, templateIdOf } from '../capabilities/report/fromTemplate.js';
import { templateOfState } from '../capabilities/report/template.js';
import type { SessionHub } from './SessionHub.js';
import { sessionCounter } from '../store/keys.js';

export interface CreateSessionInput {
  title: string;
  languages: string[];
  agenda: Array<{ title: string | Record<string, string>; minutes: number; room: 'plenary' | 'breakouts'; sections?: WorksheetSection[]; prompt?: string | Record<string, string>; materials?: Array<{ title: string; url: string; lang?: string }> }>;
  moderatorNames?: { onsite?: string; online?: string };
  privacyNotice?: Record<string, string>;
  hotline?: string;
  /** Default worksheet sections of the session (parts may define their own). */
  worksheetSections?: WorksheetSection[];
  /** Panel profile questions, already checked (ProfileQuestionsInput). */
  profileQuestions?: ProfileQuestion[];
  /** Create from this template (already checked): its polls as drafts with their ids, its questionnaires. */
  template?: TemplateInput;
}

export interface CreatedSession extends SessionLinks {
  onsiteModeratorToken: string;
  onlineModeratorToken: string;
}

export interface AccessOptions {
  /** Tokens stop working this many hours after the end of the (UTC) day they were issued on. */
  tokenGraceHours: number;
  /** Observers one address may create through invitation links per hour and session. */
  observersPerAddressPerHour: number;
}

const DEFAULT_ACCESS: AccessOptions = { tokenGraceHours: 30, observersPerAddressPerHour: 10 };
const HOUR = 60 * 60 * 1000;

/**
 * How long a join code's session is remembered without asking the store (issue 20: one round trip less per join in
 * a join storm). A code is never handed to another session, so a remembered answer can only be stale for a session
 * deleted meanwhile on another instance, which the load then finds gone.
 */
const CODE_CACHE_MS = 60_000;
/** At most this many codes are remembered (a deployment runs a few hundred sessions a day). */
const CODE_CACHE_MAX = 10_000;

/** Session lifecycle over HTTP: create, join with a code, accept an observer invitation. */
export class SessionService {
  /** Join code -> session id, as the store resolved it (see CODE_CACHE_MS). */
  private readonly codes = new Map<string, { sessionId: string; at: number }>();
  /** Signs links in the session's current key generation with the configured expiry (also used by `access:*`). */
  readonly issuer: LinkIssuer;
  private readonly access: AccessOptions;

  constructor(
    readonly hub: SessionHub,
    private readonly store: Store,
    private readonly signer: TokenSigner,
    private readonly publicUrl: () => string,
    access: Partial<AccessOptions> = {},
  ) {
    this.access = { ...DEFAULT_ACCESS, ...access };
    this.issuer = new LinkIssuer(signer, publicUrl, this.access.tokenGraceHours);
  }

  async create(input: CreateSessionInput): Promise<CreatedSession> {
    const sessionId = newId('s');
    const at = this.hub.now();
    const onsite = newPerson({ id: newId('p'), name: input.moderatorNames?.onsite ?? 'Onsite moderator', role: 'moderator', side: 'onsite', modality: 'onsite', at });
    const online = newPerson({ id: newId('p'), name: input.moderatorNames?.online ?? 'Online moderator', role: 'moderator', side: 'online', modality: 'online', at });
    const worksheetSections = input.worksheetSections ?? input.template?.worksheetSections;
    const created = ev(
      'session:created',
      {
        title: input.title,
        languages: input.languages,
        agenda: input.agenda.map((p, i) => ({ id: `part-${i + 1}`, ...p })),
        createdAt: at,
        joinCode: '',
        moderators: [onsite, online],
        ...(input.privacyNotice ? { privacyNotice: input.privacyNotice } : {}),
        ...(input.hotline ? { hotline: input.hotline } : {}),
        ...(worksheetSections ? { worksheetSections } : {}),
      },
      EVERYONE,
    );
    const events: NewEvent[] = [created];
    const profileQuestions = input.profileQuestions ?? input.template?.profileQuestions ?? [];
    if (profileQuestions.length > 0) events.push(ev('profile:questionsSet', { questions: profileQuestions }, EVERYONE));
    let templateId: string | undefined;
    if (input.template) {
      // The drafts are decided against the state the first events make, and logged with them in one append:
      // a session from a template exists whole or not at all. The id is that of the state they make (as an
      // export of this session will compute it).
      const local = emptySessionState(sessionId);
      events.forEach((e, i) => applyEvent(local, { ...e, seq: i + 1, at, by: null }));
      events.push(...templateDraftEvents(local, input.template, at));
      templateId = templateIdOf(templateOfState(local));
      created.data.template = { id: templateId, title: input.template.title };
    }
    // The code is claimed once the template is known to be good: a refused template leaves nothing behind.
    let code = newJoinCode();
    for (let i = 0; !(await this.store.claimJoinCode(code, sessionId)); i++) {
      if (i > 10) throw new DomainError('INTERNAL', 'could not allocate a join code');
      code = newJoinCode();
    }
    created.data.joinCode = code;
    await this.hub.create(sessionId, events);
    const state = { id: sessionId, access: emptyAccess() };
    const onsiteModeratorToken = this.issuer.personToken(state, onsite.id, 'moderator');
    const onlineModeratorToken = this.issuer.personToken(state, online.id, 'moderator');
    return { ...this.links(state, code, onsiteModeratorToken, onlineModeratorToken), ...(templateId ? { templateId } : {}), onsiteModeratorToken, onlineModeratorToken };
  }

  /** Links and fresh moderator tokens for a session that already exists (the demo session after a restart). */
  linksForExisting(sessionId: string, state: SessionState): CreatedSession {
    const moderators = Object.values(state.people).filter((p) => p.role === 'moderator' && !p.removed);
    const tokenFor = (side: Modality) => {
      const m = moderators.find((p) => p.side === side) ?? moderators[0];
      if (!m) throw new DomainError('INTERNAL', 'session without a moderator');
      return this.issuer.personToken(state, m.id, 'moderator');
    };
    const onsiteModeratorToken = tokenFor('onsite');
    const onlineModeratorToken = tokenFor('online');
    return { ...this.links(state, state.joinCode, onsiteModeratorToken, onlineModeratorToken), onsiteModeratorToken, onlineModeratorToken };
  }

  private links(state: Pick<SessionState, 'id' | 'access'>, code: string, onsiteToken: string, onlineToken: string): SessionLinks {
    return {
      sessionId: state.id,
      joinCode: code,
      joinUrl: `${this.publicUrl()}/join/${code}`,
      onsiteModeratorUrl: this.issuer.moderatorUrl(onsiteToken),
      onlineModeratorUrl: this.issuer.moderatorUrl(onlineToken),
      observerUrl: this.issuer.observerUrl(state),
      projectorUrl: this.issuer.projectorUrl(state),
    };
  }

  /**
   * The organisers' way back in when every moderator link is lost or expired (moderators re-issue from the
   * console with `access:reissueLinks`): a new key generation, and every moderator, projector and observer link.
   */
  async reissueLinks(sessionId: string): Promise<IssuedLinks & { generation: number }> {
    await this.hub.require(sessionId);
    const events = await this.hub.execute(sessionId, null, (s) => decideReissue(s));
    const rt = await this.hub.require(sessionId);
    const generation = (events[0]?.data as { generation: number } | undefined)?.generation ?? rt.state.access.generation;
    return { generation, ...this.issuer.all(rt.state) };
  }

  private rememberCode(code: string, sessionId: string): void {
    if (this.codes.size >= CODE_CACHE_MAX) this.codes.clear();
    this.codes.set(code, { sessionId, at: performance.now() });
  }

  /** Forgets a code at once (its session is being deleted here). */
  forgetCode(code: string): void {
    this.codes.delete(code);
  }

  async lookup(code: string) {
    const remembered = this.codes.get(code);
    // Only an answer younger than CODE_CACHE_MS counts; an older one is asked again and remembered afresh.
    const cached = remembered && performance.now() - remembered.at < CODE_CACHE_MS ? remembered : undefined;
    const sessionId = cached ? cached.sessionId : await this.store.resolveJoinCode(code);
    if (!sessionId) throw new DomainError('INVALID_JOIN_CODE');
    const rt = await this.hub.get(sessionId);
    // A remembered code of a session deleted since (through another instance): the code is gone with it.
    if (!rt) {
      this.codes.delete(code);
      throw new DomainError(cached ? 'INVALID_JOIN_CODE' : 'SESSION_NOT_FOUND');
    }
    if (!cached) this.rememberCode(code, sessionId);
    // A code that moderators replaced still resolves in the store (codes are never handed to another session);
    // the state says which one is current. Read the log first in case the change was made on another instance.
    if (rt.state.joinCode !== code) await this.hub.catchUp(sessionId);
    assertJoinable(rt.state, code);
    return { sessionId, title: rt.state.title, languages: rt.state.languages, privacyNotice: rt.state.privacyNotice, hotline: rt.state.hotline };
  }

  /**
   * Adds a participant. With a `joinId`, the append carries the command id `join:<joinId>`, so a repeat
   * (a phone that gave up waiting and tapped Join again, or two copies in flight) is recognised by the
   * store's command-id check — in the log, shared by every instance — and answered with the person the
   * first attempt added, not a second one.
   */
  async join(input: { code: string; name: string; modality: Modality; table?: string; joinId?: string; nameInReport?: boolean }): Promise<TokenResponse> {
    const { sessionId } = await this.lookup(input.code);
    const candidate = newPerson({ id: newId('p'), name: input.name, role: 'participant', modality: input.modality, table: input.table ?? null, at: this.hub.now() });
    // Only an explicit yes is stored: absent means anonymous in the report (and keeps older logs unchanged).
    if (input.nameInReport === true) candidate.nameInReport = true;
    // Checked again inside the decision: it runs on the state the append is made against, so a join racing a
    // "close joining" or a code change on another instance is decided on the newer state (the append conflicts).
    const personId = await this.addPerson(sessionId, candidate, input.joinId ? `join:${input.joinId}` : undefined, (s) => assertJoinable(s, input.code));
    const rt = await this.hub.require(sessionId);
    return { token: this.issuer.personToken(rt.state, personId, 'participant'), sessionId, personId, role: 'participant' };
  }

  /**
   * An observer invitation creates one observer: refused when the link expired or was re-issued, when the
   * session reached its observer cap, or when one address created too many observers this hour.
   */
  async acceptInvite(input: { invite: string; name: string; label?: string; joinId?: string }, address = 'unknown'): Promise<TokenResponse> {
    const claims = this.signer.verifyInvite(input.invite);
    if (!claims) throw new DomainError('UNAUTHENTICATED', 'invalid invitation');
    if (claims.exp <= Date.now()) throw new DomainError('TOKEN_EXPIRED', 'this invitation has expired; ask the moderators for a new link');
    const rt = await this.hub.require(claims.sid);
    await this.hub.catchUp(claims.sid);
    assertInviteUsable(rt.state, claims.gen);
    const n = await this.store.hit(sessionCounter(claims.sid, 'invite', address), HOUR);
    if (n > this.access.observersPerAddressPerHour) throw new DomainError('RATE_LIMITED', 'too many observers from this address; try again later');
    const candidate = newPerson({ id: newId('p'), name: input.name, role: 'observer', modality: 'online', label: input.label ?? null, at: this.hub.now() });
    const personId = await this.addPerson(claims.sid, candidate, input.joinId ? `invite:${input.joinId}` : undefined, (s) => assertInviteUsable(s, claims.gen));
    return { token: this.issuer.personToken(rt.state, personId, 'observer'), sessionId: claims.sid, personId, role: 'observer' };
  }

  /**
   * Logs `person:joined` for `candidate` and returns the id of the person the log holds for this command:
   * the candidate, or — when `cid` was seen before — the person the first attempt added.
   */
  private async addPerson(sessionId: string, candidate: Person, cid: string | undefined, check: (s: SessionState) => void): Promise<string> {
    const events = await this.hub.execute(sessionId, null, (s) => {
      check(s);
      return decideJoin(s, candidate);
    }, cid);
    const joined = events.find((e) => e.type === 'person:joined')?.data as { person: Person } | undefined;
    const personId = joined?.person.id ?? candidate.id;
    // A repeat that comes after a moderator removed that person gets the refusal the token would meet.
    if (own((await this.hub.require(sessionId)).state.people, personId)?.removed) throw new DomainError('REMOVED');
    return personId;
  }
}
