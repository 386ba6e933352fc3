// Appliers import only types from the schemas, so the client bundle does not pull in zod.
import type { Appliers } from '../eventTypes.js';
import type { pollEvents } from './events.js';
import { has, own, setOwn } from '../keyed.js';

export const pollAppliers: Appliers<typeof pollEvents> = {
  'poll:drafted': (s, d) => {
    if (!has(s.polls, d.poll.id)) s.pollOrder.push(d.poll.id);
    setOwn(s.polls, d.poll.id, d.poll);
  },
  'poll:deleted': (s, d) => {
    delete s.polls[d.pollId];
    s.pollOrder = s.pollOrder.filter((id) => id !== d.pollId);
    for (const q of Object.values(s.questionnaires)) q.pollIds = q.pollIds.filter((id) => id !== d.pollId);
  },
  'poll:opened': (s, d) => {
    if (!has(s.polls, d.poll.id)) s.pollOrder.push(d.poll.id);
    setOwn(s.polls, d.poll.id, d.poll);
  },
  'poll:closed': (s, d, m) => {
    const p = own(s.polls, d.pollId);
    if (!p) return;
    p.status = 'closed';
    p.closedAt = m.at;
  },
  'poll:visibilitySet': (s, d) => {
    const p = own(s.polls, d.pollId);
    if (p) p.resultsVisibility = d.resultsVisibility;
  },
  'poll:finalResults': (s, d) => {
    setOwn(s.pollResults, d.results.pollId, d.results);
  },
  'poll:showOfHands': (s, d) => {
    setOwn(s.showOfHands, d.pollId, d.counts);
  },
  'poll:answerHidden': (s, d) => {
    const list = own(s.hiddenAnswers, d.pollId) ?? [];
    const rest = list.filter((id) => id !== d.answerId);
    setOwn(s.hiddenAnswers, d.pollId, d.hidden ? [...rest, d.answerId] : rest);
  },
  'questionnaire:drafted': (s, d) => {
    if (!has(s.questionnaires, d.questionnaire.id)) s.questionnaireOrder.push(d.questionnaire.id);
    setOwn(s.questionnaires, d.questionnaire.id, d.questionnaire);
  },
  'questionnaire:opened': (s, d) => {
    if (!has(s.questionnaires, d.questionnaire.id)) s.questionnaireOrder.push(d.questionnaire.id);
    setOwn(s.questionnaires, d.questionnaire.id, d.questionnaire);
  },
  'questionnaire:closed': (s, d) => {
    const q = own(s.questionnaires, d.questionnaireId);
    if (q) q.status = 'closed';
  },
};
