// Appliers import only types, so the client bundle does not pull in zod.
import type { Appliers } from '../eventTypes.js';
import type { plenaryEvents } from './events.js';
import { emptyRecord, setOwn } from '../keyed.js';

export const plenaryAppliers: Appliers<typeof plenaryEvents> = {
  'plenary:published': (s, d) => {
    s.published ??= emptyRecord();
    const order = (s.publishedOrder ?? []).filter((id) => id !== d.sheet.roomId);
    setOwn(s.published, d.sheet.roomId, d.sheet);
    s.publishedOrder = [...order, d.sheet.roomId];
  },
  'plenary:unpublished': (s, d) => {
    if (s.published) delete s.published[d.roomId];
    s.publishedOrder = (s.publishedOrder ?? []).filter((id) => id !== d.roomId);
    // The wall never keeps showing what was withdrawn.
    if (s.wall?.kind === 'sheet' && s.wall.roomId === d.roomId) s.wall = null;
  },
  'wall:shown': (s, d, m) => {
    s.wall = { ...d.content, since: m.at };
  },
  'wall:cleared': (s) => {
    s.wall = null;
  },
};
