import type { Report } from '../../../shared/report/schema.js';
import { bucketLabels, textOf } from './text.js';

/** One published table of the panel profile, in the words every format prints. */
export interface ProfileTable {
  title: string;
  /** Set for poll breakdowns. */
  pollId: string | null;
  questionId: string;
  header: string[];
  rows: { label: string; cells: string[] }[];
}

/**
 * The report's profile tables (composition by modality, then every poll by every profile question), cells
 * already suppressed in the JSON: each format prints these, so "< 5" reads the same in all of them.
 */
export function profileTables(r: Report): ProfileTable[] {
  const L = r.session.languages;
  const out: ProfileTable[] = [];
  const rowsOf = (id: string) => r.profile.questions.find((q) => q.id === id)?.rows.map((x) => textOf(x, L)) ?? [];
  for (const q of r.profile.questions) {
    const labels = rowsOf(q.id);
    out.push({ title: `Panel: ${textOf(q.question, L)}`, pollId: null, questionId: q.id, header: ['Answer', 'Onsite', 'Online', 'Total'], rows: labels.map((label, i) => ({ label, cells: q.cells[i].map(String) })) });
  }
  for (const b of r.profile.breakdowns) {
    const poll = r.polls.find((p) => p.id === b.pollId);
    const q = r.profile.questions.find((x) => x.id === b.questionId);
    if (!poll || !q) continue;
    const labels = rowsOf(q.id);
    out.push({
      title: `${textOf(poll.question, L)} — by ${textOf(q.question, L)}`,
      pollId: poll.id,
      questionId: q.id,
      header: [textOf(q.question, L), ...bucketLabels(poll, L), 'Voters'],
      rows: labels.map((label, i) => ({ label, cells: b.cells[i].map(String) })),
    });
  }
  return out;
}

export const PROFILE_NOTE = 'Counts under 5 are shown as "< 5"; "hidden" marks a second count hidden so that a "< 5" cannot be worked out from the totals beside it.';
