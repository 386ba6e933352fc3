import { REPORT_VERSION, ReportSchema, type Report, type ReportPoll } from '../../../shared/report/schema.js';
import { bucketLabels, textOf } from './text.js';

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
  };
}
