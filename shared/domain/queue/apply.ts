import type { Appliers } from '../eventTypes.js';
import type { queueEvents } from './events.js';
import type { RoomQueue } from './schemas.js';
import { emptyRoomQueue, speakerKey } from './order.js';
import { emptyRecord, own, ownOrCreate, setOwn } from '../keyed.js';

/**
 * Closes the current turn at `endedAt` (server ms) and adds its speaking time to the speaker and the modality.
 * The time is computed from the state (the turn's start), never trusted from the event's optional duration.
 */
function closeTurn(q: RoomQueue, endedAt: number): void {
  const cur = q.current;
  if (!cur) return;
  const ms = Math.max(0, endedAt - cur.startedAt);
  // Queues made before speaking time existed (old snapshots) lack the records.
  q.spokenMs ??= emptyRecord();
  q.msByModality ??= { onsite: 0, online: 0 };
  const key = cur.speakerKey ?? speakerKey(cur);
  setOwn(q.spokenMs, key, (own(q.spokenMs, key) ?? 0) + ms);
  q.msByModality[cur.modality] += ms;
  q.current = null;
}

export const queueAppliers: Appliers<typeof queueEvents> = {
  'queue:raised': (s, d, m) => {
    const q = ownOrCreate(s.queues, d.roomId, emptyRoomQueue);
    if (q.entries.some((e) => e.id === d.entryId)) return;
    q.entries.push({
      id: d.entryId, personId: d.personId, name: d.name, modality: d.modality, raisedAt: m.at, addedBy: d.addedBy,
      ...(d.invited ? { invited: true } : {}),
      ...(d.namesake ? { namesake: true } : {}),
    });
  },
  'queue:lowered': (s, d) => {
    const q = own(s.queues, d.roomId);
    if (q) q.entries = q.entries.filter((e) => e.id !== d.entryId);
  },
  'queue:floorGiven': (s, d, m) => {
    const q = own(s.queues, d.roomId);
    const entry = q?.entries.find((e) => e.id === d.entryId);
    if (!q || !entry) return;
    // Logs from before explicit turn ends: the next speaker ends the previous turn.
    closeTurn(q, m.at);
    q.entries = q.entries.filter((e) => e.id !== d.entryId);
    const key = speakerKey(entry);
    setOwn(q.spoken, key, (own(q.spoken, key) ?? 0) + 1);
    q.turnsByModality[entry.modality] += 1;
    q.lastModality = entry.modality;
    q.speakers ??= emptyRecord();
    setOwn(q.speakers, key, { name: entry.name, modality: entry.modality });
    q.current = {
      entryId: entry.id,
      personId: entry.personId,
      name: entry.name,
      modality: entry.modality,
      startedAt: m.at,
      endsAt: d.seconds === null ? null : m.at + d.seconds * 1000,
      ...(key !== speakerKey({ personId: entry.personId, name: entry.name }) ? { speakerKey: key } : {}),
    };
  },
  'queue:turnEnded': (s, d, m) => {
    const q = own(s.queues, d.roomId);
    if (q) closeTurn(q, d.endedAt ?? m.at);
  },
  'queue:turnExtended': (s, d) => {
    const cur = own(s.queues, d.roomId)?.current;
    if (cur && cur.entryId === d.entryId) cur.endsAt = d.endsAt;
  },
  'queue:settingsChanged': (s, d) => {
    s.queueSettings = { alternate: d.alternate, autoEndGraceSeconds: d.autoEndGraceSeconds };
  },
};
