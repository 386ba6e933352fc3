// Pure and free of zod: used by the server (live and final results) and unit tests.
import type { Ballot, Poll, Results, Series, StoredBallot } from './schemas.js';

/**
 * Hash of an open answer's normalised text (never from who wrote it): the id of answers stored before each
 * answer got its own (StoredBallot.a), and a hide by this hash (older logs) hides every answer with that text.
 */
export function answerId(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of normaliseAnswer(text)) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `a${h.toString(36)}`;
}

/** Whether a ballot carries text that results list (an open answer or a grid comment): it gets its own id. */
export function hasAnswerText(b: Ballot): boolean {
  return 'text' in b || ('cell' in b && !!b.comment);
}

export function normaliseAnswer(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Number of buckets a poll's counts have. */
export function bucketCount(poll: Pick<Poll, 'kind' | 'options' | 'min' | 'max' | 'columns'>): number {
  if (poll.kind === 'scale') return poll.max - poll.min + 1;
  if (poll.kind === 'grid') return poll.options.length * (poll.columns?.length ?? 0);
  if (poll.kind === 'open') return 0;
  return poll.options.length;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

class Acc {
  n = 0;
  counts: number[];
  sum = 0;
  rankSums: number[];
  constructor(private readonly poll: Poll) {
    this.counts = new Array(bucketCount(poll)).fill(0);
    this.rankSums = new Array(poll.kind === 'ranking' ? poll.options.length : 0).fill(0);
  }
  add(b: Ballot) {
    this.n++;
    const p = this.poll;
    if ('choices' in b) for (const c of b.choices) this.counts[c]++;
    else if ('value' in b) {
      this.counts[b.value - p.min]++;
      this.sum += b.value;
    } else if ('cell' in b) {
      this.counts[b.cell[0] * (p.columns?.length ?? 0) + b.cell[1]]++;
    } else if ('ranking' in b) {
      const k = b.ranking.length;
      b.ranking.forEach((opt, pos) => {
        this.counts[opt] += k - 1 - pos; // Borda points
        this.rankSums[opt] += pos + 1;
      });
    }
  }
  series(): Series {
    const p = this.poll;
    const total = p.kind === 'ranking' ? this.counts.reduce((a, b) => a + b, 0) : this.n;
    return {
      n: this.n,
      counts: this.counts,
      percents: this.counts.map((c) => (total ? round1((100 * c) / total) : 0)),
      mean: p.kind === 'scale' && this.n ? round1(this.sum / this.n) : null,
      meanRanks: p.kind === 'ranking' ? this.rankSums.map((s) => (this.n ? Math.round((100 * s) / this.n) / 100 : 0)) : null,
    };
  }
}

/** Show-of-hands counts as a series (one count per bucket; n is the number of hands). */
function handsSeries(poll: Poll, counts: number[]): Series {
  const n = counts.reduce((a, b) => a + b, 0);
  // For multiple choice a person may raise a hand more than once; shares are of hands raised.
  let sum = 0;
  counts.forEach((c, i) => (sum += c * (poll.min + i)));
  return {
    n,
    counts,
    percents: counts.map((c) => (n ? round1((100 * c) / n) : 0)),
    mean: poll.kind === 'scale' && n ? round1(sum / n) : null,
    meanRanks: null,
  };
}

const STOP = new Set(['the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'is', 'it', 'for', 'on', 'be', 'le', 'la', 'les', 'de', 'des', 'et', 'el', 'los', 'las', 'y', 'un', 'une', 'una']);

/**
 * The tally of a poll from its ballots (the values of the store's hash; the person ids are never passed in),
 * the hall's show-of-hands counts, and the hidden open answers. Deterministic: the same ballots give the
 * same results on every instance (open answers sorted by text).
 */
export function tally(
  poll: Poll,
  ballots: Iterable<StoredBallot>,
  opts: { showOfHands?: number[] | null; hidden?: string[]; final?: boolean; at: number; rooms?: string[] },
): Results {
  const overall = new Acc(poll);
  const byModality = { onsite: new Acc(poll), online: new Acc(poll) };
  const byRoom = new Map<string, Acc>();
  for (const r of opts.rooms ?? []) byRoom.set(r, new Acc(poll));
  const byEntry = { device: new Acc(poll), helper: new Acc(poll) };
  const texts: { id: string; text: string }[] = [];
  for (const sb of ballots) {
    overall.add(sb.b);
    byModality[sb.m].add(sb.b);
    byEntry[sb.h === 1 ? 'helper' : 'device'].add(sb.b);
    let acc = byRoom.get(sb.r);
    if (!acc) byRoom.set(sb.r, (acc = new Acc(poll)));
    acc.add(sb.b);
    if ('text' in sb.b) texts.push({ id: sb.a ?? answerId(sb.b.text), text: sb.b.text });
    // A grid's comments ("why I put my cross there") are listed like open answers, and hidden the same way.
    if ('cell' in sb.b && sb.b.comment) texts.push({ id: sb.a ?? answerId(sb.b.comment), text: sb.b.comment });
  }
  let open: Results['open'] = null;
  if (poll.kind === 'open' || (poll.kind === 'grid' && texts.length > 0)) {
    const hidden = new Set(opts.hidden ?? []);
    // Hidden by its own id, or by its text's hash (a hide from before answers had their own ids).
    const visible = texts.filter((t) => !hidden.has(t.id) && !hidden.has(answerId(t.text)));
    const words = new Map<string, number>();
    for (const { text: t } of visible) {
      for (const w of normaliseAnswer(t).split(/[^\p{L}\p{N}'-]+/u)) {
        if (w.length < 2 || STOP.has(w)) continue;
        words.set(w, (words.get(w) ?? 0) + 1);
      }
    }
    open = {
      answers: visible.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      words: [...words.entries()]
        .map(([word, count]) => ({ word, count }))
        .sort((a, b) => b.count - a.count || (a.word < b.word ? -1 : 1))
        .slice(0, 50),
      hiddenCount: texts.length - visible.length,
    };
  }
  const hands = opts.showOfHands && poll.kind !== 'open' && poll.kind !== 'ranking' && poll.kind !== 'grid' ? handsSeries(poll, opts.showOfHands) : null;
  return {
    pollId: poll.id,
    final: opts.final ?? false,
    computedAt: opts.at,
    overall: overall.series(),
    byModality: { onsite: byModality.onsite.series(), online: byModality.online.series() },
    byRoom: Object.fromEntries([...byRoom.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([r, acc]) => [r, acc.series()])),
    showOfHands: hands,
    open,
    // Only when a helper entered something: results of sessions without helpers stay exactly as they were.
    ...(byEntry.helper.n > 0 ? { byEntry: { device: byEntry.device.series(), helper: byEntry.helper.series() } } : {}),
  };
}

/** Parses the store's values, skipping any that are not valid JSON (never fails a whole tally). */
export function parseBallots(values: Iterable<string>): StoredBallot[] {
  const out: StoredBallot[] = [];
  for (const v of values) {
    try {
      out.push(JSON.parse(v) as StoredBallot);
    } catch {
      /* a corrupt record is skipped rather than breaking every result */
    }
  }
  return out;
}
