import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import { ReportSchema } from '../../shared/report/schema.js';
import { buildReport } from '../../server/capabilities/report/build.js';
import { reportMarkdown } from '../../server/capabilities/report/markdown.js';
import { reportCsv } from '../../server/capabilities/report/csv.js';
import { reportHtml } from '../../server/capabilities/report/html.js';

const golden = (name: string) => JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'golden', name), 'utf8')) as { sessionId: string; events: StoredEvent[] };

function update(section: string, text: string): string {
  const doc = new Y.Doc();
  doc.getText(section).insert(0, text);
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}

describe('[R7] the report builder is pure and deterministic', () => {
  it('[R7] every golden log gives a report that matches its schema, in every format', () => {
    for (const file of ['day-session.json', 'demo-session.json', 'hostile-ids.json']) {
      const g = golden(file);
      const report = buildReport({ sessionId: g.sessionId, events: g.events, ballots: {}, worksheets: {} });
      expect(() => ReportSchema.parse(report), file).not.toThrow();
      for (const render of [reportMarkdown, reportCsv, reportHtml]) expect(render(report).length, file).toBeGreaterThan(0);
    }
  });

  it('[R7] the same stored data in another order of ballots gives the same bytes; participants are labelled', () => {
    const g = golden('day-session.json');
    const pollId = g.events.find((e) => e.type === 'poll:opened')!.data as { poll: { id: string; kind: string } };
    const ballots = [
      JSON.stringify({ b: { choices: [0] }, m: 'onsite', r: 'plenary' }),
      JSON.stringify({ b: { choices: [1] }, m: 'online', r: 'plenary' }),
      'not json: a damaged record is skipped',
    ];
    const sheets = [update('hopes', 'Quieter streets'), update('fears', 'Costs')];
    const one = buildReport({ sessionId: g.sessionId, events: g.events, ballots: { [pollId.poll.id]: ballots }, worksheets: { plenary: sheets } });
    const two = buildReport({ sessionId: g.sessionId, events: g.events, ballots: { [pollId.poll.id]: [...ballots].reverse() }, worksheets: { plenary: sheets } });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(reportMarkdown(two)).toBe(reportMarkdown(one));
    expect(one.polls[0].overall.n).toBe(2);
    const participants = one.people.filter((p) => p.role === 'participant' || p.named === false);
    expect(participants.length).toBeGreaterThan(0);
    for (const p of one.people.filter((x) => !x.named)) expect(p.label).toMatch(/^(Participant \d+|Observer)$/);
    const text = JSON.stringify(one.people) + JSON.stringify(one.bridge.highlights) + JSON.stringify(one.rooms);
    // Ana was made a facilitator (staff are named); the others stay participants or an observer.
    expect(text).toContain('"Ana"');
    for (const name of ['Ben', 'Chloé', 'Dara', 'Olga']) expect(text).not.toContain(`"${name}`);
  });
});
