import { REPORT_VERSION, ReportSchema, type Report, type ReportPoll } from '../../../shared/report/schema.js';
import { bucketLabels, textOf } from './text.js';
import { suppressTable } from '../../../shared/report/suppress.js';
import type { SuppressedCell } from '../../../shared/domain/profile/schemas.js';

/** Why a file cannot be combined; the message names the file and the problem. */
export type CombineProblem = 'MALFORMED_FILE' | 'OTHER_VERSION' | 'OTHER_TEMPLATE' | 'NO_FILES';

export class CombineError extends Error {
  constructor(
    readonly code: CombineProblem,
    readonly file: string | null,
    message: string,
  ) {
    super(file ? `${file}: ${message}` : message);
  }
}

export interface CombinedPoll {
  /** The template's poll id (reports of one template); null when matched by position. */
  id: string | null;
  question: string;
  kind: string;
  options: string[];
  total: { n: number; counts: number[]; percents: number[] };
  /** The same counts per site, in the order of `sites`. */
  bySite: { n: number; counts: number[] }[];
  showOfHands: number[] | null;
}

export interface Combined {
  kind: 'dialogue-room/combined-report';
  version: number;
  pollSet: string;
  templateId: string | null;
  sites: { file: string; title: string; date: string; participants: number }[];
  polls: CombinedPoll[];
  /**
   * The panel profile, combined: per profile question the composition ([onsite, online, total] per row) and per
   * poll × question the breakdown, each cell the sum of the sites' cells only where every site's cell is known;
   * a cell with any suppressed input, or a sum under 5, is "< 5", then complementary suppression
   * (shared/report/suppress.ts). Only questions and polls every site has, with the same rows and columns.
   */
  profile: {
    questions: { id: string; question: string; rows: string[]; cells: SuppressedCell[][] }[];
    breakdowns: { pollId: string; questionId: string; cells: SuppressedCell[][] }[];
  };
}

/**
 * Sums the sites' published tables cell by cell and suppresses the result: an unknown input ("< 5" or
 * "hidden") makes the cell unknown, shown as "< 5" (counted as 0, under the threshold, before suppression),
 * and suppressTable adds the complementary cells. Null when the tables' shapes differ.
 */
export function combineSuppressed(tables: SuppressedCell[][][]): SuppressedCell[][] | null {
  const first = tables[0];
  if (!first) return null;
  for (const t of tables) if (t.length !== first.length || t.some((row, r) => row.length !== first[r].length)) return null;
  const sums = first.map((row, r) =>
    row.map((_, c) => {
      let sum = 0;
      for (const t of tables) {
        const cell = t[r][c];
        if (typeof cell !== 'number') return 0;
        sum += cell;
      }
      return sum;
    }),
  );
  return suppressTable(sums);
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Reads one file's text as a report: malformed JSON or a shape that is not a report is MALFORMED_FILE, another
 * `version` is OTHER_VERSION (checked first, so a report of a newer server is named as such, not as malformed).
 */
export function readReport(file: string, text: string): Report {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CombineError('MALFORMED_FILE', file, 'not JSON');
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (raw && typeof raw === 'object' && (raw as { kind?: unknown }).kind === 'dialogue-room/session-report' && version !== REPORT_VERSION) {
    throw new CombineError('OTHER_VERSION', file, `report version ${JSON.stringify(version)}, this tool reads version ${REPORT_VERSION}`);
  }
  const parsed = ReportSchema.safeParse(raw);
  if (!parsed.success) throw new CombineError('MALFORMED_FILE', file, `not a session report (${parsed.error.issues[0]?.path.join('.') || 'shape'})`);
  return parsed.data;
}

/**
 * Combines site reports of the same questionnaire: totals are the sums of the sites' counts (percentages
 * recomputed from them), every site side by side with its number of participants. Reports of sessions created
 * from a template combine when their template ids are equal; others when their polls are the same. Refuses
 * the rest (OTHER_TEMPLATE), naming the first file that differs from the first one.
 */
export function combineReports(files: { file: string; report: Report }[]): Combined {
  if (files.length === 0) throw new CombineError('NO_FILES', null, 'give at least one report');
  const first = files[0].report;
  const templateId = first.session.templateId;
  for (const f of files.slice(1)) {
    const other = f.report.session.templateId;
    if (templateId !== null || other !== null) {
      if (other !== templateId) throw new CombineError('OTHER_TEMPLATE', f.file, `made from template ${other ?? '(none)'}, ${files[0].file} from ${templateId ?? '(none)'}`);
    } else if (f.report.session.pollSet !== first.session.pollSet) throw new CombineError('OTHER_TEMPLATE', f.file, `its polls differ from those of ${files[0].file}`);
  }
  const L = first.session.languages;
  // Sessions of one template: polls matched by the template's ids, in order of first appearance, so a site that
  // ran only some of them adds to those (its other columns stay empty). Otherwise the same polls, in order.
  const keys: string[] = [];
  const byKey = new Map<string, { poll: ReportPoll; per: (ReportPoll | null)[] }>();
  files.forEach((f, site) => {
    f.report.polls.forEach((p, i) => {
      const key = templateId !== null ? p.id : String(i);
      let entry = byKey.get(key);
      if (!entry) {
        entry = { poll: p, per: files.map(() => null) };
        byKey.set(key, entry);
        keys.push(key);
      } else if (entry.poll.kind !== p.kind || entry.poll.overall.counts.length !== p.overall.counts.length) {
        throw new CombineError('OTHER_TEMPLATE', f.file, `poll ${p.id} is not the template's (another kind or other options)`);
      }
      entry.per[site] = p;
    });
  });
  const polls = keys.map((key): CombinedPoll => {
    const { poll, per } = byKey.get(key)!;
    const width = poll.overall.counts.length;
    const counts = new Array<number>(width).fill(0);
    let n = 0;
    for (const p of per) {
      if (!p) continue;
      n += p.overall.n;
      p.overall.counts.forEach((c, k) => (counts[k] += c));
    }
    const base = poll.kind === 'ranking' ? counts.reduce((a, b) => a + b, 0) : n;
    let hands: number[] | null = null;
    for (const p of per) {
      if (!p?.showOfHands) continue;
      hands ??= new Array<number>(width).fill(0);
      p.showOfHands.counts.forEach((c, k) => (hands![k] += c));
    }
    return {
      id: templateId !== null ? poll.id : null,
      question: textOf(poll.question, L),
      kind: poll.kind,
      options: bucketLabels(poll, L),
      total: { n, counts, percents: counts.map((c) => (base ? round1((100 * c) / base) : 0)) },
      bySite: per.map((p) => ({ n: p?.overall.n ?? 0, counts: p?.overall.counts ?? new Array<number>(width).fill(0) })),
      showOfHands: hands,
    };
  });
  return {
    kind: 'dialogue-room/combined-report',
    version: REPORT_VERSION,
    pollSet: first.session.pollSet,
    templateId,
    sites: files.map((f) => ({
      file: f.file,
      title: f.report.session.title,
      date: f.report.session.date,
      participants: f.report.attendance.joined.participants.onsite + f.report.attendance.joined.participants.online,
    })),
    polls,
    profile: combineProfiles(files.map((f) => f.report), L),
  };
}

function combineProfiles(reports: Report[], L: string[]): Combined['profile'] {
  const questions: Combined['profile']['questions'] = [];
  for (const q of reports[0].profile.questions) {
    const per = reports.map((r) => r.profile.questions.find((x) => x.id === q.id));
    if (per.some((x) => !x)) continue;
    const cells = combineSuppressed(per.map((x) => x!.cells));
    if (cells) questions.push({ id: q.id, question: textOf(q.question, L), rows: q.rows.map((row) => textOf(row, L)), cells });
  }
  const breakdowns: Combined['profile']['breakdowns'] = [];
  for (const b of reports[0].profile.breakdowns) {
    const per = reports.map((r) => r.profile.breakdowns.find((x) => x.pollId === b.pollId && x.questionId === b.questionId));
    if (per.some((x) => !x)) continue;
    const cells = combineSuppressed(per.map((x) => x!.cells));
    if (cells) breakdowns.push({ pollId: b.pollId, questionId: b.questionId, cells });
  }
  return { questions, breakdowns };
}
