import { UNREADABLE_EVENT } from '../../shared/domain/apply.js';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import type { StoredSnapshot } from './Store.js';
import { COMMAND_ID_TTL_MS, indexOfSeq, packEntries, trimCount } from './trim.js';

/** One line of a session's journal. Replaying them in order rebuilds the session's SessionData. */
export type SessionRecord =
  | { t: 'session'; id: string }
  | { t: 'append'; events: StoredEvent[] }
  | { t: 'pollOpen'; poll: string; open: boolean }
  | { t: 'ballot'; poll: string; person: string; ballot: string }
  | { t: 'ws'; room: string; update: string }
  | { t: 'wsCompact'; room: string; count: number; merged: string }
  /** Only in a rewritten journal: a room's updates and compaction version as they stood. */
  | { t: 'wsState'; room: string; updates: string[]; version: number }
  | { t: 'ack'; key: string; ack: string; until: number }
  /** A snapshot taken: `trim` entries moved from the log's head into the archive as `chunk`; older command ids forgotten. */
  | { t: 'snapshot'; seq: number; state: string; trim: number; chunk: string; cidCutoff: number }
  /** Only in a rewritten journal, before its events: what trimming left (offset, archive, snapshot, old command ids). */
  | { t: 'base'; offset: number; archive: string[]; snapshot: StoredSnapshot | null; cids: Array<[string, number[], number]> };

/** Events per `append` record when a journal is rewritten (keeps each line a reasonable size). */
const EVENTS_PER_SNAPSHOT_RECORD = 500;

/**
 * Everything the store keeps about one session, in memory. Maps keyed by client-supplied ids (polls,
 * people, rooms, command ids) are `Map`s, never plain objects. The same methods serve live writes and the
 * replay of the journal at start, so both build the same state.
 */
export class SessionData {
  /** Events after `offset` (the trimmed start): events[i].seq === offset + i + 1. */
  events: StoredEvent[] = [];
  offset = 0;
  snapshotState: StoredSnapshot | null = null;
  /** Trimmed events, packed (see trim.ts). */
  archive: string[] = [];
  cids = new Map<string, number[]>();
  /** When each command id was first appended: forgotten a day later (at the next snapshot). */
  cidAt = new Map<string, number>();
  pollOpen = new Map<string, boolean>();
  ballots = new Map<string, Map<string, string>>();
  worksheets = new Map<string, { updates: string[]; version: number }>();
  acks = new Map<string, { ack: string; until: number }>();
  /** Bytes of journal history that no longer describe the state (overwritten ballots, merged updates). */
  deadBytes = 0;

  constructor(readonly id: string) {}

  appendEvents(stored: StoredEvent[]): void {
    for (const e of stored) {
      // A replayed record that does not continue the log (it cannot happen unless the file was edited) is skipped.
      if (e.seq <= this.head) continue;
      // A hole (a journal line that could not be read) keeps its positions, as unreadable entries that every
      // replica skips and lists for the moderators: the events after it keep their sequence numbers.
      while (this.head + 1 < e.seq) {
        this.events.push({ seq: this.head + 1, at: 0, by: null, type: UNREADABLE_EVENT, data: null, audience: { roles: ['moderator'] } });
      }
      this.events.push(e);
      if (e.cid) {
        const seqs = this.cids.get(e.cid);
        if (seqs) seqs.push(e.seq);
        else {
          this.cids.set(e.cid, [e.seq]);
          this.cidAt.set(e.cid, e.at);
        }
      }
    }
  }

  /** The seq of the last event (global: trimming does not lower it). */
  get head(): number {
    return this.offset + this.events.length;
  }

  /** The events of a command's first run still in the log (trimmed ones are in the archive only). */
  eventsOf(cid: string): StoredEvent[] {
    return structuredClone((this.cids.get(cid) ?? []).map((s) => this.events[indexOfSeq(s, this.offset)]).filter((e) => e !== undefined));
  }

  /** The journal record of a snapshot at `seq` (null when one at seq or later is kept), applied here already. */
  takeSnapshot(seq: number, state: string, now: number): SessionRecord | null {
    if ((this.snapshotState?.seq ?? 0) >= seq) return null;
    const trim = trimCount(this.offset, this.snapshotState?.seq ?? 0, seq);
    const chunk = trim > 0 ? packEntries(this.events.slice(0, trim).map((e) => JSON.stringify(e))) : '';
    const record: SessionRecord = { t: 'snapshot', seq, state, trim, chunk, cidCutoff: now - COMMAND_ID_TTL_MS };
    this.applySnapshot(record);
    return record;
  }

  private applySnapshot(r: Extract<SessionRecord, { t: 'snapshot' }>): void {
    if (r.trim > 0) {
      // The appended lines of those events are history nothing reads from the journal any more.
      this.deadBytes += r.chunk.length * 4;
      this.archive.push(r.chunk);
      this.events = this.events.slice(r.trim);
      this.offset += r.trim;
    }
    this.snapshotState = { seq: r.seq, state: r.state };
    this.deadBytes += r.state.length;
    for (const [cid, at] of this.cidAt) {
      if (at >= r.cidCutoff) continue;
      this.cidAt.delete(cid);
      this.cids.delete(cid);
    }
  }

  setPollOpen(pollId: string, open: boolean): void {
    this.pollOpen.set(pollId, open);
  }

  castBallot(pollId: string, personId: string, ballot: string): void {
    let map = this.ballots.get(pollId);
    if (!map) this.ballots.set(pollId, (map = new Map()));
    const previous = map.get(personId);
    if (previous !== undefined) this.deadBytes += previous.length + pollId.length + personId.length + 40;
    map.set(personId, ballot);
  }

  appendWorksheetUpdate(roomId: string, update: string): number {
    let ws = this.worksheets.get(roomId);
    if (!ws) this.worksheets.set(roomId, (ws = { updates: [], version: 0 }));
    ws.updates.push(update);
    return ws.updates.length;
  }

  compactWorksheet(roomId: string, version: number, count: number, merged: string): boolean {
    const ws = this.worksheets.get(roomId);
    if (!ws || ws.version !== version || ws.updates.length < count || count < 1) return false;
    for (const u of ws.updates.slice(0, count)) this.deadBytes += u.length + roomId.length + 30;
    ws.updates.splice(0, count, merged);
    ws.version += 1;
    return true;
  }

  recallAck(key: string, now: number): string | null {
    const entry = this.acks.get(key);
    if (!entry) return null;
    if (entry.until < now) {
      this.acks.delete(key);
      return null;
    }
    return entry.ack;
  }

  rememberAck(key: string, ack: string, until: number): void {
    this.acks.set(key, { ack, until });
  }

  /** Applies one journal record read at start (acks already expired at `now` are dropped). */
  replay(r: SessionRecord, now: number): void {
    switch (r.t) {
      case 'append':
        return this.appendEvents(r.events);
      case 'pollOpen':
        return this.setPollOpen(r.poll, r.open);
      case 'ballot':
        return this.castBallot(r.poll, r.person, r.ballot);
      case 'ws':
        this.appendWorksheetUpdate(r.room, r.update);
        return;
      case 'wsCompact':
        this.compactWorksheet(r.room, this.worksheets.get(r.room)?.version ?? 0, r.count, r.merged);
        return;
      case 'wsState':
        this.worksheets.set(r.room, { updates: [...r.updates], version: r.version });
        return;
      case 'ack':
        if (r.until >= now) this.rememberAck(r.key, r.ack, r.until);
        return;
      case 'snapshot':
        return this.applySnapshot(r);
      case 'base':
        this.offset = r.offset;
        this.archive = [...r.archive];
        this.snapshotState = r.snapshot;
        for (const [cid, seqs, at] of r.cids) {
          this.cids.set(cid, seqs);
          this.cidAt.set(cid, at);
        }
        return;
      default:
        // A record of a kind this version does not know (written by a newer one): ignored, not fatal.
        return;
    }
  }

  /** The records that rebuild this state, for a journal rewrite. */
  snapshot(now: number): SessionRecord[] {
    const out: SessionRecord[] = [{ t: 'session', id: this.id }];
    // Command ids of trimmed events (the others come back with their events); the live ones are rebuilt by the appends.
    const trimmedCids: Array<[string, number[], number]> = [];
    for (const [cid, seqs] of this.cids) if (seqs[0] <= this.offset) trimmedCids.push([cid, seqs, this.cidAt.get(cid) ?? now]);
    if (this.offset > 0 || this.snapshotState) out.push({ t: 'base', offset: this.offset, archive: this.archive, snapshot: this.snapshotState, cids: trimmedCids });
    for (let i = 0; i < this.events.length; i += EVENTS_PER_SNAPSHOT_RECORD) out.push({ t: 'append', events: this.events.slice(i, i + EVENTS_PER_SNAPSHOT_RECORD) });
    for (const [poll, open] of this.pollOpen) out.push({ t: 'pollOpen', poll, open });
    for (const [poll, map] of this.ballots) for (const [person, ballot] of map) out.push({ t: 'ballot', poll, person, ballot });
    for (const [room, ws] of this.worksheets) out.push({ t: 'wsState', room, updates: ws.updates, version: ws.version });
    for (const [key, a] of this.acks) if (a.until >= now) out.push({ t: 'ack', key, ack: a.ack, until: a.until });
    return out;
  }
}
