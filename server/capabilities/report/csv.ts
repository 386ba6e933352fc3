import type { Report } from '../../../shared/report/schema.js';
import { bucketLabels, roomNameOf, textOf } from './text.js';
import { profileTables } from './profileTables.js';

export const CSV_HEADER = ['poll_id', 'question', 'kind', 'series', 'option', 'count', 'percent'] as const;

/** RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet never runs a typed answer as a formula. */
function field(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Every poll in one file with a poll column. `series` is `overall`, `onsite`, `online`, `room:<name>`,
 * `show_of_hands` (the hall's hands, never part of the device ballots), `entered_by_helper` (answers a helper typed in for people without a device; also counted in overall and onsite) or `open_answer` (one row per visible
 * answer, count 1). The `overall` rows of a poll sum to its JSON overall counts. Panel profile rows follow,
 * kind `profile`: `series` is `profile:<question id>:<answer>` and `option` the column (Onsite/Online/Total, or
 * the poll's option and Voters for a breakdown); `count` may be "< 5" or "hidden" (see the report's notes).
 */
export function reportCsv(r: Report): string {
  const L = r.session.languages;
  const rows: (string | number)[][] = [[...CSV_HEADER]];
  for (const poll of r.polls) {
    const q = textOf(poll.question, L);
    const labels = bucketLabels(poll, L);
    const series: [string, { counts: number[]; percents: number[] }][] = [
      ['overall', poll.overall],
      ['onsite', poll.byModality.onsite],
      ['online', poll.byModality.online],
      ...Object.entries(poll.byRoom).map(([id, s]) => [`room:${roomNameOf(r, id)}`, s] as [string, typeof s]),
    ];
    if (poll.showOfHands) series.push(['show_of_hands', poll.showOfHands]);
    // Part of overall and onsite: the answers helpers typed in for people without a device.
    if (poll.byEntry) series.push(['entered_by_helper', poll.byEntry.helper]);
    for (const [name, s] of series) labels.forEach((label, i) => rows.push([poll.id, q, poll.kind, name, label, s.counts[i] ?? 0, s.percents[i] ?? 0]));
    for (const a of poll.open?.answers ?? []) rows.push([poll.id, q, poll.kind, 'open_answer', a, 1, '']);
  }
  for (const t of profileTables(r)) {
    for (const row of t.rows) t.header.slice(1).forEach((col, i) => rows.push([t.pollId ?? '', t.title, 'profile', `profile:${t.questionId}:${row.label}`, col, row.cells[i], '']));
  }
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
