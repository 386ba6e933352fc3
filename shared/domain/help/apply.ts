import { has, own, setOwn } from '../keyed.js';
import type { Appliers } from '../eventTypes.js';
import type { helpEvents } from './events.js';

export const helpAppliers: Appliers<typeof helpEvents> = {
  'help:requested': (s, d) => {
    if (!has(s.help.requests, d.request.id)) s.help.order.push(d.request.id);
    setOwn(s.help.requests, d.request.id, { ...d.request });
  },
  'help:taken': (s, d) => {
    const r = own(s.help.requests, d.requestId);
    if (!r || r.status === 'closed') return;
    r.status = 'taken';
    r.helperId = d.helperId;
    r.helperName = d.helperName;
  },
  'help:closed': (s, d, m) => {
    const r = own(s.help.requests, d.requestId);
    if (!r) return;
    r.status = 'closed';
    r.closedAt = m.at;
  },
};
