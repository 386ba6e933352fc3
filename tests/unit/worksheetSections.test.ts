import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import { applyEvent } from '../../shared/domain/apply.js';
import { emptySessionState } from '../../shared/domain/state.js';
import { allSections, currentSections, DEFAULT_WORKSHEET_SECTIONS, sectionTitle } from '../../shared/domain/worksheet/sections.js';
import { buildReport } from '../../server/capabilities/report/build.js';
import { reportMarkdown } from '../../server/capabilities/report/markdown.js';
import { ReportSchema } from '../../shared/report/schema.js';
import { CreateSessionBody } from '../../shared/protocol/http.js';
import { loadDemoDay } from '../../server/demo/demoSession.js';

const golden = () => JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'golden', 'day-session.json'), 'utf8')) as { sessionId: string; events: StoredEvent[] };

function update(texts: Record<string, string>): string {
  const doc = new Y.Doc();
  for (const [s, t] of Object.entries(texts)) doc.getText(s).insert(0, t);
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}

const stateOf = (events: StoredEvent[]) => {
  const s = emptySessionState('s');
  for (const e of events) applyEvent(s, e);
  return s;
};

describe('[WS] worksheet sections come from the session', () => {
  it('[WS1] a golden log without sections loads with hopes, fears and recommendations, and its report lists them', () => {
    const g = golden();
    const state = stateOf(g.events);
    expect(state.worksheetSections).toBeUndefined();
    expect(currentSections(state).map((s) => s.id)).toEqual(['hopes', 'fears', 'recommendations']);
    const report = buildReport({ sessionId: g.sessionId, events: g.events, ballots: {}, worksheets: { 'room-1': [update({ hopes: 'Parks', fears: 'Noise' })] } });
    expect(report.worksheets[0].sections).toEqual({ hopes: 'Parks', fears: 'Noise', recommendations: '' });
    expect(report.worksheets[0].sectionTitles).toBeUndefined();
    expect(reportMarkdown(report)).toContain('**Hopes**');
  });

  it('[WS2] the running part\'s sections, else the session\'s; the report titles them and keeps text of any other section', () => {
    const g = golden();
    const created = g.events[0].data as { agenda: Array<Record<string, unknown>>; worksheetSections?: unknown };
    created.worksheetSections = [{ id: 'wishes', title: { en: 'Our wishes', fr: 'Nos souhaits' } }];
    created.agenda[1].sections = [{ id: 'data', title: { en: 'How important is data in combating disinformation?', fr: 'Les données contre la désinformation ?' } }];
    const events = g.events;
    const state = stateOf(events.slice(0, 1));
    expect(currentSections(state).map((s) => s.id)).toEqual(['wishes']);
    state.agendaRun.currentId = 'part-2';
    expect(currentSections(state).map((s) => s.id)).toEqual(['data']);
    state.agendaRun.currentId = 'part-1';
    expect(currentSections(state).map((s) => s.id)).toEqual(['wishes']);
    expect(allSections(state).map((s) => s.id)).toEqual(['wishes', 'data']);
    expect(sectionTitle(allSections(state)[1], 'fr')).toBe('Les données contre la désinformation ?');
    expect(sectionTitle(allSections(state)[1], 'ar', ['en'])).toBe('How important is data in combating disinformation?');

    const report = buildReport({ sessionId: g.sessionId, events, ballots: {}, worksheets: { 'room-1': [update({ data: 'Facts need open data', hopes: 'written before the change' })] } });
    expect(() => ReportSchema.parse(report)).not.toThrow();
    expect(report.worksheets[0].sections).toEqual({ wishes: '', data: 'Facts need open data', hopes: 'written before the change' });
    expect(report.worksheets[0].sectionTitles).toMatchObject({ data: 'How important is data in combating disinformation?', wishes: 'Our wishes', hopes: 'hopes' });
    expect(reportMarkdown(report)).toContain('**How important is data in combating disinformation?**');
  });

  it('[WS3] session creation accepts sections per part and per session, and refuses bad ones', () => {
    const ok = CreateSessionBody.parse({ title: 'T', agenda: [{ title: 'Groups', minutes: 20, room: 'breakouts', sections: [{ id: 'q1', title: { en: 'Why?', fr: 'Pourquoi ?' } }] }], worksheetSections: [{ id: 'hopes', title: 'Hopes' }] });
    expect(ok.agenda[0].sections?.[0].id).toBe('q1');
    for (const bad of [
      { worksheetSections: [] },
      { worksheetSections: [{ id: '__proto__', title: 'x' }] },
      { worksheetSections: [{ id: 'a', title: 'x' }, { id: 'a', title: 'y' }] },
      { worksheetSections: [{ id: 'a', title: { en: '' } }] },
      { worksheetSections: [{ id: 'a', title: 'x', extra: 1 }] },
    ]) expect(CreateSessionBody.safeParse({ title: 'T', ...bad }).success, JSON.stringify(bad)).toBe(false);
  });

  it('[WS4] the demo day defines its sections as data, with a part of its own on data and disinformation', () => {
    const day = loadDemoDay();
    expect(day.worksheetSections?.map((s) => s.id)).toEqual(DEFAULT_WORKSHEET_SECTIONS.map((s) => s.id));
    const part = day.agenda.find((p) => /data in combating disinformation/.test(p.title));
    expect(part?.room).toBe('breakouts');
    expect(part?.sections?.[0].title).toMatchObject({ en: 'How important is data in combating disinformation?' });
    expect(() => CreateSessionBody.parse({ title: day.title, languages: day.languages, agenda: day.agenda, worksheetSections: day.worksheetSections })).not.toThrow();
  });
});
