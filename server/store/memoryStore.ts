import type { NewEvent, StoredEvent } from '../../shared/domain/eventTypes.js';
import { appendOneByOne, type AppendResult, type BallotResult, type Store, type BatchCommand, type BatchResult, type StoredSnapshot } from './Store.js';
import { COMMAND_ID_TTL_MS, indexOfSeq, packEntries, readFrom, trimCount, unpackEntries } from './trim.js';
import { InProcessInstances } from './inProcessInstances.js';

interface SessionLog {
  /** Events after `offset` (the trimmed start): events[i].seq === offset + i + 1. */
  events: StoredEvent[];
  offset: number;
  cids: Map<string, { seqs: number[]; at: number }>;
  snapshot: StoredSnapshot | null;
  /** Trimmed events, packed as on Redis. */
  archive: string[];
}

/** The embedded default: one instance, no Redis. Same contract as the Redis store. */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private logs = new Map<string, SessionLog>();
  private codes = new Map<string, string>();
  private pollOpen = new Map<string, boolean>();
  private ballots = new Map<string, Map<string, string>>();
  private hits = new Map<string, { windowStart: number; count: number }>();
  private instances = new InProcessInstances();
  private acks = new Map<string, { ack: string; until: number }>();
  private worksheets = new Map<string, { updates: string[]; version: number }>();

  /** `clock` is the store's own clock: it stamps every appended event (one clock for all its users). */
  constructor(private readonly clock: () => number = Date.now) {}

  private log(sessionId: string): SessionLog {
    let log = this.logs.get(sessionId);
    if (!log) this.logs.set(sessionId, (log = { events: [], offset: 0, cids: new Map(), snapshot: null, archive: [] }));
    return log;
  }

  async append(sessionId: string, expectedSeq: number, events: NewEvent[], meta: { at?: number; by: string | null; cid?: string }): Promise<AppendResult> {
    const log = this.log(sessionId);
    if (meta.cid && log.cids.has(meta.cid)) {
      const { seqs } = log.cids.get(meta.cid)!;
      // Events trimmed since (more than a snapshot interval ago) are in the archive only, as on Redis.
      return { ok: true, duplicate: true, events: seqs.map((s) => log.events[indexOfSeq(s, log.offset)]).filter((e) => e !== undefined).map(clone) };
    }
    const head = log.offset + log.events.length;
    if (head !== expectedSeq) return { ok: false, reason: 'conflict', headSeq: head };
    const at = this.clock();
    const stored = events.map((e, i): StoredEvent => ({ ...clone(e), seq: expectedSeq + i + 1, at, by: meta.by, ...(meta.cid ? { cid: meta.cid } : {}) }));
    log.events.push(...stored);
    if (meta.cid) log.cids.set(meta.cid, { seqs: stored.map((e) => e.seq), at });
    return { ok: true, duplicate: false, events: stored.map(clone) };
  }

  appendBatch(sessionId: string, expectedSeq: number, commands: BatchCommand[], meta: { writer: string; at?: number }): Promise<BatchResult> {
    return appendOneByOne(this, sessionId, expectedSeq, commands, meta.at);
  }

  async readLog(sessionId: string, afterSeq: number): Promise<StoredEvent[]> {
    const log = this.logs.get(sessionId);
    return (log?.events.slice(readFrom(afterSeq, log.offset)) ?? []).map(clone);
  }

  async headSeq(sessionId: string): Promise<number> {
    const log = this.logs.get(sessionId);
    return log ? log.offset + log.events.length : 0;
  }

  async saveSnapshot(sessionId: string, seq: number, state: string): Promise<number> {
    const log = this.logs.get(sessionId);
    if (!log) return 0;
    const prev = log.snapshot?.seq ?? 0;
    if (prev >= seq) return prev;
    const n = trimCount(log.offset, prev, seq);
    if (n > 0) {
      log.archive.push(packEntries(log.events.slice(0, n).map((e) => JSON.stringify(e))));
      log.events = log.events.slice(n);
      log.offset += n;
    }
    log.snapshot = { seq, state };
    const cutoff = this.clock() - COMMAND_ID_TTL_MS;
    for (const [cid, c] of log.cids) if (c.at < cutoff) log.cids.delete(cid);
    return seq;
  }

  async readSnapshot(sessionId: string): Promise<StoredSnapshot | null> {
    const snap = this.logs.get(sessionId)?.snapshot;
    return snap ? { ...snap } : null;
  }

  async readArchive(sessionId: string): Promise<StoredEvent[]> {
    return (this.logs.get(sessionId)?.archive ?? []).flatMap((chunk) => unpackEntries(chunk).map((raw) => JSON.parse(raw) as StoredEvent));
  }

  async claimJoinCode(code: string, sessionId: string): Promise<boolean> {
    if (this.codes.has(code)) return false;
    this.codes.set(code, sessionId);
    return true;
  }

  async resolveJoinCode(code: string): Promise<string | null> {
    return this.codes.get(code) ?? null;
  }

  async deleteSession(sessionId: string, joinCodes: string[]): Promise<number> {
    let n = this.logs.delete(sessionId) ? 1 : 0;
    const prefix = `${sessionId}/`;
    for (const m of [this.pollOpen, this.ballots, this.acks, this.worksheets] as Map<string, unknown>[]) {
      for (const k of [...m.keys()]) if (k.startsWith(prefix) && m.delete(k)) n++;
    }
    for (const c of joinCodes) if (this.codes.get(c) === sessionId && this.codes.delete(c)) n++;
    return n;
  }

  async listSessions(): Promise<string[]> {
    return [...this.logs.keys()];
  }

  async setPollOpen(sessionId: string, pollId: string, open: boolean): Promise<void> {
    this.pollOpen.set(`${sessionId}/${pollId}`, open);
  }

  async castBallot(sessionId: string, pollId: string, personId: string, ballot: string): Promise<BallotResult> {
    const key = `${sessionId}/${pollId}`;
    if (!this.pollOpen.get(key)) return 'closed';
    let map = this.ballots.get(key);
    if (!map) this.ballots.set(key, (map = new Map()));
    map.set(personId, ballot);
    return 'accepted';
  }

  async readBallots(sessionId: string, pollId: string): Promise<Map<string, string>> {
    return new Map(this.ballots.get(`${sessionId}/${pollId}`) ?? []);
  }

  async appendWorksheetUpdate(sessionId: string, roomId: string, update: string): Promise<number> {
    const k = `${sessionId}/${roomId}`;
    let ws = this.worksheets.get(k);
    if (!ws) this.worksheets.set(k, (ws = { updates: [], version: 0 }));
    ws.updates.push(update);
    return ws.updates.length;
  }

  async readWorksheet(sessionId: string, roomId: string): Promise<{ updates: string[]; version: number }> {
    const ws = this.worksheets.get(`${sessionId}/${roomId}`);
    return { updates: [...(ws?.updates ?? [])], version: ws?.version ?? 0 };
  }

  async compactWorksheet(sessionId: string, roomId: string, version: number, count: number, merged: string): Promise<boolean> {
    const ws = this.worksheets.get(`${sessionId}/${roomId}`);
    if (!ws || ws.version !== version || ws.updates.length < count || count < 1) return false;
    ws.updates.splice(0, count, merged);
    ws.version += 1;
    return true;
  }

  async worksheetSize(sessionId: string, roomId: string): Promise<number> {
    return (this.worksheets.get(`${sessionId}/${roomId}`)?.updates ?? []).reduce((n, u) => n + u.length, 0);
  }

  async recallAck(sessionId: string, key: string): Promise<string | null> {
    const k = `${sessionId}/${key}`;
    const entry = this.acks.get(k);
    if (!entry) return null;
    if (entry.until < Date.now()) {
      this.acks.delete(k);
      return null;
    }
    return entry.ack;
  }

  async rememberAck(sessionId: string, key: string, ack: string, ttlMs: number): Promise<void> {
    this.acks.set(`${sessionId}/${key}`, { ack, until: Date.now() + ttlMs });
  }

  async hit(key: string, windowMs: number, increment = 1): Promise<number> {
    const now = Date.now();
    const windowStart = now - (now % windowMs);
    let entry = this.hits.get(key);
    if (!entry || entry.windowStart !== windowStart) this.hits.set(key, (entry = { windowStart, count: 0 }));
    entry.count += increment;
    return entry.count;
  }

  async heartbeat(instanceId: string, ttlMs: number): Promise<void> {
    this.instances.heartbeat(instanceId, ttlMs);
  }

  async isAlive(instanceId: string): Promise<boolean> {
    return this.instances.isAlive(instanceId);
  }

  async noteInstanceSession(instanceId: string, sessionId: string): Promise<void> {
    this.instances.noteSession(instanceId, sessionId);
  }

  async instanceSessions(instanceId: string): Promise<string[]> {
    return this.instances.sessions(instanceId);
  }

  async forgetInstanceSession(instanceId: string, sessionId: string): Promise<void> {
    this.instances.forgetSession(instanceId, sessionId);
  }

  async time(): Promise<number> {
    return this.clock();
  }

  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}

/** Stored events are copied in and out, as Redis would serialise them, so no caller shares a mutable object. */
function clone<T>(v: T): T {
  return structuredClone(v);
}
