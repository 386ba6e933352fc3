import type { Appliers } from '../eventTypes.js';
import type { bridgeEvents } from './events.js';

const KEEP = 300;

export const bridgeAppliers: Appliers<typeof bridgeEvents> = {
  'bridge:message': (s, d) => {
    s.bridge.messages.push(d.message);
    if (s.bridge.messages.length > KEEP) s.bridge.messages.splice(0, s.bridge.messages.length - KEEP);
  },
  'bridge:highlighted': (s, d) => {
    s.bridge.highlights.push(d.highlight);
  },
  'bridge:projected': (s, d) => {
    s.bridge.projected = d.highlight;
  },
  'bridge:checkInAsked': (s, d, m) => {
    s.bridge.checkIns.push({ id: d.id, partId: d.partId, askedAt: m.at, answeredAt: null, summary: null, highlightIds: [] });
  },
  'bridge:checkInAnswered': (s, d, m) => {
    const c = s.bridge.checkIns.find((x) => x.id === d.id);
    if (!c) return;
    c.summary = d.summary;
    c.highlightIds = d.highlightIds;
    c.answeredAt = m.at;
  },
};
