import { describe, expect, it } from 'vitest';
import { AgendaPartInput, LocalizedTitleInput } from '../../shared/protocol/agendaInput.js';
import { agendaCommands } from '../../shared/protocol/commands/agenda.js';
import { applyEvent } from '../../shared/domain/apply.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';
import { PollInputSchema } from '../../shared/domain/polls/schemas.js';
import { TemplateInput } from '../../shared/report/templateInput.js';
import { decideAddPart } from '../../server/capabilities/agenda/decide.js';
import { decideCreateQuestionnaire } from '../../server/capabilities/polls/decide.js';
import { templateOfState } from '../../server/capabilities/report/template.js';
import { agendaHtml } from '../../server/capabilities/print/printKit.js';
import { textOf, textsInEachLanguage } from '../../server/capabilities/report/text.js';
import type { NewEvent } from '../../shared/domain/eventTypes.js';

/** [AT] Issue 19: agenda part titles plain (every older log and template) or per session language. */
function apply(s: SessionState, events: Array<Pick<NewEvent, 'type' | 'data'>>): boolean[] {
  return events.map((e) => applyEvent(s, { seq: s.seq + 1, at: 1_000, by: null, type: e.type, data: e.data }));
}

describe('[AT] agenda titles in each session language', () => {
  it('[AT1] a title is a non-empty string or a record with at least one non-empty language', () => {
    expect(LocalizedTitleInput.parse(' Welcome ')).toBe('Welcome');
    expect(LocalizedTitleInput.parse({ en: 'Welcome', fr: '' })).toEqual({ en: 'Welcome', fr: '' });
    for (const bad of ['', '   ', {}, { en: '', fr: ' ' }, { 'not a language': 'x' }, 42]) expect(LocalizedTitleInput.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    expect(AgendaPartInput.parse({ title: { en: 'Round', ar: 'جولة' }, minutes: 20 }).title).toEqual({ en: 'Round', ar: 'جولة' });
    expect(AgendaPartInput.parse({ title: 'Round', minutes: 20 })).toEqual({ title: 'Round', minutes: 20, room: 'plenary' });
    expect(agendaCommands['agenda:add'].payload.safeParse({ title: { fr: 'Pause' }, minutes: 10 }).success).toBe(true);
    expect(agendaCommands['agenda:add'].payload.safeParse({ title: { fr: '' }, minutes: 10 }).success).toBe(false);
    expect(agendaCommands['agenda:add'].payload.safeParse({ title: 'Pause', minutes: 10 }).success).toBe(true);
  });

  it('[AT2] an old log with string titles loads unchanged; a per-language title is stored as given', () => {
    const s = emptySessionState('s1');
    const old = [
      { type: 'session:created', data: { title: 'Day', languages: ['en', 'fr'], agenda: [{ id: 'part-1', title: 'Welcome', minutes: 15, room: 'plenary' }] } },
      { type: 'agenda:partAdded', data: { part: { id: 'added-1', title: 'Coffee', minutes: 10, room: 'plenary' }, nextPartNo: 2 } },
    ];
    expect(apply(s, old)).toEqual([true, true]);
    expect(s.agenda.map((p) => p.title)).toEqual(['Welcome', 'Coffee']);
    expect(apply(s, decideAddPart(s, { en: 'Closing', fr: 'Clôture' }, 5, 'plenary'))).toEqual([true]);
    expect(s.agenda[2]).toMatchObject({ id: 'added-2', title: { en: 'Closing', fr: 'Clôture' } });
  });

  it('[AT3] the report takes the first session language; the hall agenda shows each language', () => {
    expect(textOf({ fr: 'Clôture', en: 'Closing' }, ['en', 'fr'])).toBe('Closing');
    expect(textOf({ fr: 'Clôture', en: '' }, ['en', 'fr'])).toBe('Clôture');
    expect(textsInEachLanguage({ en: 'Closing', fr: 'Clôture', es: 'Closing' }, 'fr', ['en', 'fr', 'es'])).toEqual([
      { lang: 'fr', text: 'Clôture' },
      { lang: 'en', text: 'Closing' },
    ]);
    const s = emptySessionState('s2');
    s.languages = ['en', 'fr'];
    s.title = 'Day';
    s.agenda = [
      { id: 'part-1', title: 'Welcome', minutes: 15, room: 'plenary' },
      { id: 'part-2', title: { en: 'Closing', fr: 'Clôture' }, minutes: 5, room: 'plenary' },
    ];
    const html = agendaHtml(s, 'en', null);
    expect(html).toContain('<strong>Welcome</strong>');
    expect(html).toContain('<strong lang="en">Closing</strong><br><span class="other-lang" lang="fr">Clôture</span>');
    expect(agendaHtml(s, 'fr', null)).toContain('<strong lang="fr">Clôture</strong><br><span class="other-lang" lang="en">Closing</span>');
  });

  it('[AT4] a template of a session with per-language titles, prompts and a conditional question reads back as a template', () => {
    const s = emptySessionState('s3');
    apply(s, [{ type: 'session:created', data: { title: 'Day', languages: ['en', 'fr'], agenda: [{ id: 'part-1', title: { en: 'Welcome', fr: 'Bienvenue' }, minutes: 15, room: 'plenary', prompt: { fr: 'Installez-vous' } }] } }]);
    const inputs = [
      PollInputSchema.parse({ kind: 'yesno', question: 'Car?' }),
      PollInputSchema.parse({ kind: 'open', question: 'Why?', showIf: { question: 0, options: [0] } }),
    ];
    expect(apply(s, decideCreateQuestionnaire(s, 'qn1', 'Q', ['p1', 'p2'], inputs)).every(Boolean)).toBe(true);
    expect(s.polls.p2.showIf).toEqual({ pollId: 'p1', options: [0] });
    const tpl = templateOfState(s);
    expect(tpl.agenda[0]).toMatchObject({ title: { en: 'Welcome', fr: 'Bienvenue' }, prompt: { fr: 'Installez-vous' } });
    expect(tpl.polls[1].showIf).toEqual({ question: 0, options: [0] });
    const back = TemplateInput.safeParse(tpl);
    expect(back.success, back.success ? '' : back.error.message).toBe(true);
  });
});
