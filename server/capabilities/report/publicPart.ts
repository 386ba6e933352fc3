import type { Report } from '../../../shared/report/schema.js';

/**
 * The public part of the report, for observers when the moderators allow it: the session, agenda, attendance
 * figures, the polls' results and the (suppressed) panel profile; no people or team, no bridge, no help
 * requests, no group worksheets as drafted nor the plenary's recommendations, but the sheets groups published
 * to the plenary (`published`, public by their act of publishing), and no open answers hidden or not.
 */
export function publicReport(r: Report): Report {
  return {
    ...r,
    people: [],
    staff: [],
    rooms: r.rooms.map((x) => ({ ...x, facilitator: null })),
    worksheets: [],
    recommendations: '',
    ...(r.published ? { published: r.published.map((w) => ({ ...w, sections: w.sections.map((x) => ({ ...x })) })) } : {}),
    bridge: { checkIns: [], highlights: [] },
    help: { total: 0, byModality: { onsite: 0, online: 0 }, requests: [] },
    polls: r.polls.map((p) => ({ ...p, open: p.open ? { answers: [], words: p.open.words, hiddenCount: p.open.hiddenCount } : null })),
    notes: [...r.notes, 'This is the public part of the report (results), as the moderators allowed observers to see it.'],
  };
}
