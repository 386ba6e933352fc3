import { own, ownEach } from '../../../shared/domain/keyed.js';
import { tally } from '../../../shared/domain/polls/tally.js';
import type { StoredBallot } from '../../../shared/domain/polls/schemas.js';
import type { SessionState } from '../../../shared/domain/state.js';
import type { Report } from '../../../shared/report/schema.js';
import { suppressTable } from '../../../shared/report/suppress.js';
import { composition, profileRow } from '../profile/composition.js';

/** Poll kinds whose counts are people (a ranking's are Borda points, an open answer's are texts): broken down. */
const BROKEN_DOWN = new Set(['single', 'multiple', 'yesno', 'scale']);

/**
 * The report's panel profile: the composition by modality, and every poll of people counts broken down by each
 * profile question: rows are the question's rows (options, prefer not to say, no answer), columns the poll's
 * buckets then the row's number of voters; column totals are the poll's overall counts, already in the report.
 * Every table goes through suppressTable. Person ids are read here and never written out.
 */
export function reportProfile(state: SessionState, ballots: Record<string, string[]>, voters: Record<string, string[]> | undefined): Report['profile'] {
  const questions = state.profile?.questions ?? [];
  if (questions.length === 0) return { participants: { onsite: 0, online: 0 }, questions: [], breakdowns: [] };
  const comp = composition(state);
  const breakdowns: Report['profile']['breakdowns'] = [];
  for (const poll of ownEach(state.polls, state.pollOrder)) {
    if (poll.status === 'draft' || !BROKEN_DOWN.has(poll.kind)) continue;
    const values = own(ballots, poll.id) ?? [];
    const who = own(voters ?? {}, poll.id) ?? [];
    const pairs: Array<[string, StoredBallot]> = [];
    values.forEach((v, i) => {
      try {
        if (who[i] !== undefined) pairs.push([who[i], JSON.parse(v) as StoredBallot]);
      } catch {
        /* a corrupt record counts nowhere, as in the results */
      }
    });
    questions.forEach((q, qi) => {
      const rows = q.options.length + 2;
      const groups: StoredBallot[][] = Array.from({ length: rows }, () => []);
      for (const [personId, b] of pairs) groups[profileRow(state, personId, qi)].push(b);
      const raw = groups.map((g) => {
        const r = tally(poll, g, { final: true, at: 0 });
        return [...r.overall.counts, r.overall.n];
      });
      breakdowns.push({ pollId: poll.id, questionId: q.id, cells: suppressTable(raw) });
    });
  }
  return { participants: comp.participants, questions: comp.questions, breakdowns };
}
