import { createHash } from 'node:crypto';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import { applyEvent } from '../../../shared/domain/apply.js';
import type { SessionState } from '../../../shared/domain/state.js';
import type { PollInput } from '../../../shared/domain/polls/schemas.js';
import type { TemplateInput } from '../../../shared/report/templateInput.js';
import type { SessionTemplate } from '../../../shared/report/template.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { decideCreate, decideCreateQuestionnaire } from '../polls/decide.js';

/**
 * A template's id: a hash of what makes results comparable (its polls, questionnaires and profile questions as
 * a session holds them, i.e. normalised, each list in id order), not of its title, languages or agenda, which
 * a site may change. Computed from the state a template creates, and from a session's state when exporting,
 * so that two sessions created from one file, and the file a session exports, share it; an edited file
 * (another question, another option) is another template.
 */
export function templateIdOf(t: Pick<SessionTemplate, 'polls' | 'questionnaires' | 'profileQuestions'>): string {
  const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const hash = createHash('sha256').update(JSON.stringify([byId(t.polls), byId(t.questionnaires), t.profileQuestions])).digest('hex');
  return `tpl_${hash.slice(0, 24)}`;
}

/**
 * The drafts a session created from a template starts with: each questionnaire with its polls, then the polls
 * in no questionnaire, every poll keeping the template's id (so reports of sessions of one template combine
 * poll by poll). Decided with the polls capability's own decisions (same normalisation and checks as a
 * moderator's drafts) against `state`, which this applies them to in turn; `nextSeq` numbers them locally.
 */
export function templateDraftEvents(state: SessionState, t: TemplateInput, at: number): NewEvent[] {
  const out: NewEvent[] = [];
  const apply = (events: NewEvent[]) => {
    for (const e of events) applyEvent(state, { ...e, seq: state.seq + 1, at, by: null });
    out.push(...events);
  };
  const input = (id: string): PollInput => {
    const { id: _id, target, ...rest } = t.polls.find((p) => p.id === id)!;
    return { ...rest, target: target === 'breakouts' ? { kind: 'breakouts' } : { kind: 'plenary' } };
  };
  // A poll the polls capability refuses (a single choice with one option…) refuses the template, naming it.
  const named = (what: string, decide: () => NewEvent[]) => {
    try {
      apply(decide());
    } catch (err) {
      if (err instanceof DomainError) throw new DomainError('INVALID_TEMPLATE', `${what}: ${err.message}`);
      throw err;
    }
  };
  const inQuestionnaire = new Set<string>();
  for (const q of t.questionnaires) {
    q.pollIds.forEach((id) => inQuestionnaire.add(id));
    named(`questionnaire ${q.id}`, () => decideCreateQuestionnaire(state, q.id, q.title, q.pollIds, q.pollIds.map(input)));
  }
  for (const p of t.polls) if (!inQuestionnaire.has(p.id)) named(`poll ${p.id}`, () => decideCreate(state, p.id, input(p.id)));
  return out;
}
