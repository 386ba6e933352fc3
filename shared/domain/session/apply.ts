// Appliers import only types from the schemas, so the client bundle does not pull in zod.
import type { Appliers } from '../eventTypes.js';
import type { sessionEvents } from './events.js';
import { has, recordOf, setOwn } from '../keyed.js';

export const sessionAppliers: Appliers<typeof sessionEvents> = {
  'session:created': (s, d) => {
    s.title = d.title;
    s.languages = d.languages;
    s.agenda = d.agenda;
    s.createdAt = d.createdAt;
    s.joinCode = d.joinCode;
    if (d.privacyNotice) s.privacyNotice = recordOf(d.privacyNotice);
    if (d.hotline) s.hotline = d.hotline;
    if (d.worksheetSections) s.worksheetSections = d.worksheetSections;
    if (d.template) s.template = { id: String(d.template.id), title: String(d.template.title) };
    for (const m of d.moderators) {
      if (!has(s.people, m.id)) s.roster.push(m.id);
      setOwn(s.people, m.id, { ...m, connections: recordOf(m.connections) });
    }
  },
};
