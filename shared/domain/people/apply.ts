// Appliers import only types from the schemas, so the client bundle does not pull in zod.
import type { Appliers } from '../eventTypes.js';
import type { peopleEvents } from './events.js';
import { PLENARY_ID } from '../state.js';

export const peopleAppliers: Appliers<typeof peopleEvents> = {
  'person:joined': (s, d) => {
    if (!s.people[d.person.id]) s.roster.push(d.person.id);
    s.people[d.person.id] = d.person;
  },
  'person:renamed': (s, d) => {
    const p = s.people[d.personId];
    if (p) p.name = d.name;
  },
  'person:roleChanged': (s, d) => {
    const p = s.people[d.personId];
    if (!p) return;
    p.role = d.role;
    if (d.role === 'observer' || d.role === 'moderator') p.roomId = PLENARY_ID;
  },
  'person:labelled': (s, d) => {
    const p = s.people[d.personId];
    if (p) p.label = d.label;
  },
  'person:supportChanged': (s, d) => {
    const p = s.people[d.personId];
    if (p) p.support = d.support;
  },
  'person:removed': (s, d) => {
    const p = s.people[d.personId];
    if (!p) return;
    p.removed = true;
    p.connections = {};
  },
  'presence:changed': (s, d) => {
    for (const [personId, count] of Object.entries(d.counts)) {
      const p = s.people[personId];
      if (!p || p.removed) continue;
      if (count === 0) delete p.connections[d.instanceId];
      else p.connections[d.instanceId] = count;
    }
  },
  'presence:instanceGone': (s, d) => {
    for (const p of Object.values(s.people)) delete p.connections[d.instanceId];
  },
};
