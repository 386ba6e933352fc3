// Appliers import only types from the schemas, so the client bundle does not pull in zod.
import type { Appliers } from '../eventTypes.js';
import type { peopleEvents } from './events.js';
import { PLENARY_ID } from '../state.js';
import { emptyRecord, has, own, recordOf, setOwn } from '../keyed.js';

export const peopleAppliers: Appliers<typeof peopleEvents> = {
  'person:joined': (s, d) => {
    // A copy with its own prototype-free connections: the event's object is not shared with the state.
    const person = { ...d.person, connections: recordOf(d.person.connections) };
    if (!has(s.people, person.id)) s.roster.push(person.id);
    setOwn(s.people, person.id, person);
  },
  'person:renamed': (s, d) => {
    const p = own(s.people, d.personId);
    if (p) p.name = d.name;
  },
  'person:roleChanged': (s, d) => {
    const p = own(s.people, d.personId);
    if (!p) return;
    p.role = d.role;
    if (d.role === 'observer' || d.role === 'moderator') p.roomId = PLENARY_ID;
  },
  'person:labelled': (s, d) => {
    const p = own(s.people, d.personId);
    if (p) p.label = d.label;
  },
  'person:supportChanged': (s, d) => {
    const p = own(s.people, d.personId);
    if (p) p.support = d.support;
  },
  'person:noted': (s, d) => {
    if (!has(s.people, d.personId)) return;
    s.staffNotes ??= emptyRecord();
    if (d.note) setOwn(s.staffNotes, d.personId, d.note);
    else delete s.staffNotes[d.personId];
  },
  'person:removed': (s, d) => {
    const p = own(s.people, d.personId);
    if (!p) return;
    p.removed = true;
    p.connections = emptyRecord();
  },
  'presence:changed': (s, d) => {
    for (const [personId, count] of Object.entries(d.counts)) {
      const p = own(s.people, personId);
      if (!p || p.removed) continue;
      if (count === 0) delete p.connections[d.instanceId];
      else setOwn(p.connections, d.instanceId, count);
    }
  },
  'presence:instanceGone': (s, d) => {
    for (const p of Object.values(s.people)) delete p.connections[d.instanceId];
  },
};
