import type { LocalizedText } from '../../../shared/domain/polls/schemas.js';
import type { Report, ReportPoll } from '../../../shared/report/schema.js';

/** A moderator's text in the session's first language it exists in (the report is written in one language). */
export function textOf(t: LocalizedText, languages: string[]): string {
  if (typeof t === 'string') return t;
  for (const l of languages) if (typeof t[l] === 'string' && t[l] !== '') return t[l];
  const keys = Object.keys(t).sort();
  return keys.length ? t[keys[0]] : '';
}

/**
 * Every language's text of a title, `first` then the session's languages, each distinct text once (a plain
 * string is one text with no language): what a bilingual hall reads on paper.
 */
export function textsInEachLanguage(t: LocalizedText, first: string, languages: string[]): Array<{ lang: string | null; text: string }> {
  if (typeof t === 'string') return [{ lang: null, text: t }];
  const out: Array<{ lang: string | null; text: string }> = [];
  for (const l of [first, ...languages, ...Object.keys(t).sort()]) {
    const text = Object.prototype.hasOwnProperty.call(t, l) ? t[l].trim() : '';
    if (text && !out.some((x) => x.text === text)) out.push({ lang: l, text });
  }
  return out;
}

/** The label of each bucket of a poll's counts: its options, or the scale's values. */
export function bucketLabels(poll: ReportPoll, languages: string[]): string[] {
  if (poll.scale) {
    const out: string[] = [];
    for (let v = poll.scale.min; v <= poll.scale.max; v++) out.push(String(v));
    return out;
  }
  if (poll.grid) {
    const cols = poll.grid.columns.map((c) => textOf(c, languages));
    return poll.options.flatMap((row) => cols.map((col) => `${textOf(row, languages)} × ${col}`));
  }
  return poll.options.map((o) => textOf(o, languages));
}

/** A store time as a UTC clock reading: the report must not depend on the server's time zone. */
export function clock(ms: number | null): string {
  if (ms === null) return '–';
  return new Date(ms).toISOString().slice(11, 16) + ' UTC';
}

export function roomNameOf(report: Report, roomId: string): string {
  return report.rooms.find((r) => r.id === roomId)?.name ?? roomId;
}

export const SECTION_TITLES: Record<string, string> = { hopes: 'Hopes', fears: 'Fears', recommendations: 'Recommendations' };
