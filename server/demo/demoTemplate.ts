import { TEMPLATE_VERSION, type SessionTemplate } from '../../shared/report/template.js';
import { templateIdOf } from '../capabilities/report/fromTemplate.js';
import { loadDemoDay } from './demoSession.js';
import { demoQuestionnaires } from './demoPolls.js';

/**
 * The demo day as a session template (the organiser page's first template): its agenda, worksheet sections and
 * questionnaires, with stable ids (`demo_q1`, `demo_q1_p1`…) so the same file always gives the same template id.
 */
export function demoTemplate(): SessionTemplate {
  const day = loadDemoDay();
  const qs = demoQuestionnaires(day.questionnaires ?? []);
  const polls: SessionTemplate['polls'] = [];
  const questionnaires: SessionTemplate['questionnaires'] = [];
  qs.forEach((q, i) => {
    const pollIds = q.polls.map((p, k) => {
      const id = `demo_q${i + 1}_p${k + 1}`;
      const { target: _target, ...rest } = p;
      polls.push({ ...rest, id, target: 'plenary' } as SessionTemplate['polls'][number]);
      return id;
    });
    questionnaires.push({ id: `demo_q${i + 1}`, title: q.title, pollIds });
  });
  const t: SessionTemplate = {
    kind: 'dialogue-room/session-template',
    version: TEMPLATE_VERSION,
    title: day.title,
    languages: day.languages,
    agenda: day.agenda.map((p) => ({ title: p.title, minutes: p.minutes, room: p.room, ...(p.sections ? { sections: p.sections } : {}) })),
    ...(day.worksheetSections ? { worksheetSections: day.worksheetSections } : {}),
    polls,
    questionnaires,
    profileQuestions: [],
  } as SessionTemplate;
  return { ...t, id: templateIdOf(t) };
}
