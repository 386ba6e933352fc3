import type { Appliers } from '../eventTypes.js';
import type { queueEvents } from './events.js';
import { emptyRoomQueue, speakerKey } from './order.js';
import { own, ownOrCreate, setOwn } from '../keyed.js';

export const queueAppliers: Appliers<typeof queueEvents> = {
  'queue:raised': (s, d, m) => {
    const q = ownOrCreate(s.queues, d.roomId, emptyRoomQueue);
    if (q.entries.some((e) => e.id === d.entryId)) return;
    q.entries.push({ id: d.entryId, personId: d.personId, name: d.name, modality: d.modality, raisedAt: m.at, addedBy: d.addedBy });
  },
  'queue:lowered': (s, d) => {
    const q = own(s.queues, d.roomId);
    if (q) q.entries = q.entries.filter((e) => e.id !== d.entryId);
  },
  'queue:floorGiven': (s, d, m) => {
    const q = own(s.queues, d.roomId);
    const entry = q?.entries.find((e) => e.id === d.entryId);
    if (!q || !entry) return;
    q.entries = q.entries.filter((e) => e.id !== d.entryId);
    const key = speakerKey(entry);
    setOwn(q.spoken, key, (own(q.spoken, key) ?? 0) + 1);
    q.turnsByModality[entry.modality] += 1;
    q.current = {
      entryId: entry.id,
      personId: entry.personId,
      name: entry.name,
      modality: entry.modality,
      startedAt: m.at,
      endsAt: d.seconds === null ? null : m.at + d.seconds * 1000,
    };
  },
  'queue:turnEnded': (s, d) => {
    const q = own(s.queues, d.roomId);
    if (q) q.current = null;
  },
};
