import { own } from '../../shared/domain/keyed.js';
import type { SessionState } from '../../shared/domain/state.js';
import { TemplateInput } from '../../shared/report/templateInput.js';
import { DomainError } from '../../shared/protocol/errors.js';
import { templateOfState } from '../capabilities/report/template.js';
import type { Store } from '../store/Store.js';
import { newId } from '../auth/ids.js';
import type { CreatedSession, SessionService } from './sessionService.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SessionSummary {
  sessionId: string;
  title: string;
  createdAt: number;
  /** Time of the last logged event: when the session was last used (retention counts from here). */
  lastActivityAt: number;
  joinCode: string;
  joiningOpen: boolean;
  /** Participants who joined (removed ones included: they joined). */
  participants: number;
  languages: string[];
}

/**
 * What organisers do to whole sessions: list, delete with all data, clone, reset, and the retention sweep.
 * Deletion removes what the store keeps (server/store: every key with the session's hash tag on Redis, the
 * journal file on the embedded default), then `onDeleted` drops the session on every instance and closes its
 * connections; links and tokens then meet SESSION_NOT_FOUND and the join code INVALID_JOIN_CODE.
 */
export class SessionLifecycle {
  constructor(
    private readonly sessions: SessionService,
    private readonly store: Store,
    private readonly onDeleted: (sessionId: string) => void,
  ) {}

  async list(): Promise<SessionSummary[]> {
    const ids = await this.store.listSessions();
    const out: SessionSummary[] = [];
    for (const id of ids) {
      const rt = await this.sessions.hub.get(id).catch(() => null);
      if (!rt) continue;
      const s = rt.state;
      out.push({
        sessionId: id,
        title: s.title,
        createdAt: s.createdAt,
        lastActivityAt: rt.recent.at(-1)?.at ?? s.createdAt,
        joinCode: s.joinCode,
        joiningOpen: s.access?.joiningOpen ?? true,
        participants: Object.values(s.people).filter((p) => p.role === 'participant').length,
        languages: s.languages,
      });
    }
    return out.sort((a, b) => b.createdAt - a.createdAt);
  }

  async delete(sessionId: string): Promise<{ removed: number }> {
    const rt = await this.sessions.hub.require(sessionId);
    const removed = await this.store.deleteSession(sessionId, [rt.state.joinCode]);
    this.sessions.forgetCode(rt.state.joinCode);
    this.onDeleted(sessionId);
    return { removed };
  }

  /**
   * Same set-up, new session: agenda, languages, polls and questionnaires (as drafts, through the session
   * template, so poll ids stay those of the template and reports of both combine), moderators' names, privacy
   * notice and hotline. No people besides two new moderators, no answers, no chat or worksheet text.
   */
  async clone(sessionId: string, title?: string): Promise<CreatedSession> {
    const rt = await this.sessions.hub.require(sessionId);
    const s = rt.state;
    const parsed = TemplateInput.safeParse(templateOfState(s));
    if (!parsed.success) throw new DomainError('CONFLICT', 'this session cannot be copied as a template');
    const moderatorNames = moderatorNamesOf(s);
    // New ids for every poll and questionnaire: the copy is a new set-up that may then be edited on its own.
    const ids = new Map<string, string>();
    const fresh = (old: string, prefix: string) => ids.get(old) ?? (ids.set(old, newId(prefix)), ids.get(old)!);
    parsed.data.polls = parsed.data.polls.map((poll) => ({ ...poll, id: fresh(poll.id, 'poll') }));
    parsed.data.questionnaires = parsed.data.questionnaires.map((q) => ({ ...q, id: fresh(q.id, 'qn'), pollIds: q.pollIds.map((id) => fresh(id, 'poll')) }));
    delete parsed.data.id;
    return this.sessions.create({
      title: title ?? s.title,
      languages: s.languages,
      agenda: parsed.data.agenda,
      moderatorNames,
      template: parsed.data,
      ...(s.privacyNotice ? { privacyNotice: { ...s.privacyNotice } } : {}),
      ...(s.hotline ? { hotline: s.hotline } : {}),
    });
  }

  /** After a rehearsal: a clean copy under the same title, and the rehearsal deleted with all its data. */
  async reset(sessionId: string): Promise<CreatedSession> {
    const fresh = await this.clone(sessionId);
    await this.delete(sessionId);
    return fresh;
  }

  /**
   * Deletes every session whose last logged event is older than `days` (RETENTION_DAYS): run at start and
   * hourly by main.ts. Reads only the last event of each log.
   */
  async sweep(days: number, now: number): Promise<string[]> {
    const deleted: string[] = [];
    for (const id of await this.store.listSessions()) {
      const head = await this.store.headSeq(id);
      if (head === 0) continue;
      const last = (await this.store.readLog(id, head - 1)).at(-1);
      if (last && last.at + days * DAY_MS < now) {
        await this.delete(id);
        deleted.push(id);
      }
    }
    return deleted;
  }
}

function moderatorNamesOf(s: SessionState): { onsite?: string; online?: string } {
  const names: { onsite?: string; online?: string } = {};
  for (const id of s.roster) {
    const p = own(s.people, id);
    if (p?.role === 'moderator' && !p.removed && p.side && !names[p.side]) names[p.side] = p.name;
  }
  return names;
}
