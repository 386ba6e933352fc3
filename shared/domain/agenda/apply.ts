import { setOwn } from '../keyed.js';
import type { Appliers } from '../eventTypes.js';
import type { agendaEvents } from './events.js';

export const agendaAppliers: Appliers<typeof agendaEvents> = {
  'agenda:partAdded': (s, d) => {
    s.agenda.push(d.part);
    s.agendaRun.nextPartNo = d.nextPartNo;
  },
  'agenda:partStarted': (s, d, m) => {
    s.agendaRun.currentId = d.partId;
    s.agendaRun.startedAt = m.at;
    s.agendaRun.endsAt = m.at + d.minutes * 60_000;
    delete s.agendaRun.finished[d.partId];
  },
  'agenda:partExtended': (s, d) => {
    if (s.agendaRun.currentId !== d.partId || s.agendaRun.endsAt === null) return;
    s.agendaRun.endsAt += d.minutes * 60_000;
  },
  'agenda:partFinished': (s, d) => {
    setOwn(s.agendaRun.finished, d.partId, d.how);
    if (s.agendaRun.currentId === d.partId) {
      s.agendaRun.currentId = null;
      s.agendaRun.startedAt = null;
      s.agendaRun.endsAt = null;
    }
  },
  'agenda:promptSet': (s, d) => {
    const part = s.agenda.find((p) => p.id === d.partId);
    if (!part) return;
    part.prompt = d.prompt;
    part.materials = d.materials;
  },
};
