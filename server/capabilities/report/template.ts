import type { StoredEvent } from '../../../shared/domain/eventTypes.js';
import { applyEvent } from '../../../shared/domain/apply.js';
import { emptySessionState, type SessionState } from '../../../shared/domain/state.js';
import { own, ownEach } from '../../../shared/domain/keyed.js';
import type { Poll } from '../../../shared/domain/polls/schemas.js';
import { TEMPLATE_VERSION, type SessionTemplate } from '../../../shared/report/template.js';
import { templateIdOf } from './fromTemplate.js';

/**
 * The session template from the stored log: the agenda as planned and every poll and questionnaire (drafts
 * included: a template is the prepared design, not what happened), in the session's order. Deterministic
 * like the report (nothing but the log).
 */
export function buildTemplate(sessionId: string, events: StoredEvent[]): SessionTemplate {
  const state = emptySessionState(sessionId);
  for (const e of events) applyEvent(state, e);
  const template = templateOfState(state);
  return { ...template, id: templateIdOf(template) };
}

/** The template of a session state (without its id). */
export function templateOfState(state: SessionState): SessionTemplate {
  return {
    kind: 'dialogue-room/session-template',
    version: TEMPLATE_VERSION,
    title: state.title,
    languages: state.languages,
    // Prompts and material links travel too (a clone keeps them); absent fields stay absent, so older templates are unchanged.
    agenda: state.agenda.map((p) => ({
      title: p.title,
      minutes: p.minutes,
      room: p.room,
      ...(p.sections ? { sections: p.sections } : {}),
      ...(p.prompt !== undefined ? { prompt: p.prompt } : {}),
      ...(p.materials?.length ? { materials: p.materials } : {}),
    })),
    ...(state.worksheetSections ? { worksheetSections: state.worksheetSections } : {}),
    polls: ownEach(state.polls, state.pollOrder).map((p) => ({
      id: p.id,
      kind: p.kind,
      question: p.question,
      options: p.options,
      maxChoices: p.maxChoices,
      min: p.min,
      max: p.max,
      minLabel: p.minLabel,
      maxLabel: p.maxLabel,
      target: p.target.kind === 'plenary' ? 'plenary' : 'breakouts',
      resultsVisibility: p.resultsVisibility,
      ...(p.columns ? { columns: p.columns } : {}),
      ...(p.showIf ? { showIf: { question: positionIn(state, p), options: p.showIf.options } } : {}),
    })),
    questionnaires: ownEach(state.questionnaires, state.questionnaireOrder).map((q) => ({ id: q.id, title: q.title, pollIds: q.pollIds })),
    profileQuestions: state.profile?.questions ?? [],
  };
}

/** Where a conditional question's condition stands in its questionnaire (the template names positions, as an organiser writes them). */
function positionIn(state: SessionState, poll: Poll): number {
  const q = poll.questionnaireId ? own(state.questionnaires, poll.questionnaireId) : undefined;
  return q ? q.pollIds.indexOf(poll.showIf!.pollId) : -1;
}
