import { mkdir, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { NewEvent, StoredEvent } from '../../shared/domain/eventTypes.js';
import { appendOneByOne, type AppendResult, type BallotResult, type Store, type BatchCommand, type BatchResult, type StoredSnapshot } from './Store.js';
import { readFrom, unpackEntries } from './trim.js';
import { Journal, readJournal, syncDirectory } from './journal.js';
import { lockDataDir } from './dataDirLock.js';
import { CODES_FILE, SESSIONS_DIR, sessionFileName } from './fileNames.js';
import { SessionData, type SessionRecord } from './sessionData.js';
import { InProcessInstances } from './inProcessInstances.js';

export interface FileStoreOptions {
  /** A session's journal is rewritten when this many bytes of it are history nothing reads any more… (default 1 MiB) */
  rewriteMinDeadBytes?: number;
  /** …and that history is at least this share of the file (default 0.5). */
  rewriteDeadShare?: number;
}

interface LoadedSession {
  data: SessionData;
  journal: Journal;
}

/**
 * The embedded default: one instance, no Redis, everything on disk in `DATA_DIR`.
 *
 * State lives in memory (as in MemoryStore) and every change is first recorded in an append-only journal
 * per session (`sessions/<id>.jsonl`) and one for join codes (`codes.jsonl`). A write's promise resolves
 * only after its line is fsynced, so an ack means durable. Changes are applied in memory at once (each
 * method stays atomic in the single Node thread) and reads wait until everything they might reflect is
 * on disk. Rate-limit counters and heartbeats stay in memory: they describe the running process.
 */
export class FileStore implements Store {
  readonly kind = 'file' as const;
  private sessions = new Map<string, LoadedSession>();
  private codes = new Map<string, string>();
  private codesJournal!: Journal;
  private hits = new Map<string, { windowStart: number; count: number }>();
  private instances = new InProcessInstances();
  private failure: Error | null = null;
  private unlock: () => Promise<void> = async () => {};

  private readonly rewriteMinDeadBytes: number;
  private readonly rewriteDeadShare: number;

  private constructor(
    readonly dir: string,
    opts: FileStoreOptions,
  ) {
    this.rewriteMinDeadBytes = opts.rewriteMinDeadBytes ?? 1024 * 1024;
    this.rewriteDeadShare = opts.rewriteDeadShare ?? 0.5;
  }

  /** Opens (creating) the data directory and replays every journal in it. */
  static async open(dir: string, opts: FileStoreOptions = {}): Promise<FileStore> {
    const store = new FileStore(path.resolve(dir), opts);
    try {
      await store.load();
    } catch (err) {
      await store.unlock();
      throw err;
    }
    return store;
  }

  private async load(): Promise<void> {
    const sessionsDir = path.join(this.dir, SESSIONS_DIR);
    await mkdir(sessionsDir, { recursive: true, mode: 0o700 });
    await syncDirectory(this.dir);
    this.unlock = await lockDataDir(this.dir);
    const codesFile = path.join(this.dir, CODES_FILE);
    const codes = await readJournal(codesFile);
    for (const r of codes.records as Array<{ code: string; session: string }>) if (!this.codes.has(r.code)) this.codes.set(r.code, r.session);
    this.codesJournal = new Journal(codesFile, codes.size, this.onFailure);
    const now = Date.now();
    for (const name of await readdir(sessionsDir)) {
      const file = path.join(sessionsDir, name);
      // A rewrite cut short by a crash: the journal it was to replace is still whole.
      if (name.endsWith('.rewrite')) {
        await unlink(file).catch(() => undefined);
        continue;
      }
      if (!name.endsWith('.jsonl')) continue;
      const { records, size } = await readJournal(file);
      const head = records[0] as SessionRecord | undefined;
      if (!head || head.t !== 'session') continue;
      const data = new SessionData(head.id);
      for (const r of records.slice(1) as SessionRecord[]) data.replay(r, now);
      this.sessions.set(head.id, { data, journal: new Journal(file, size, this.onFailure) });
    }
  }

  private onFailure = (err: Error) => {
    this.failure ??= err;
  };

  private check(): void {
    if (this.failure) throw this.failure;
  }

  private get(sessionId: string): LoadedSession | undefined {
    this.check();
    return this.sessions.get(sessionId);
  }

  /** The session's data and journal, created (with its header record) on its first write. */
  private ensure(sessionId: string): LoadedSession {
    this.check();
    let s = this.sessions.get(sessionId);
    if (!s) {
      const journal = new Journal(this.fileOf(sessionId), 0, this.onFailure);
      s = { data: new SessionData(sessionId), journal };
      this.sessions.set(sessionId, s);
      void journal.write({ t: 'session', id: sessionId } satisfies SessionRecord).catch(() => undefined);
    }
    return s;
  }

  /** Records a change already applied in memory; resolves once it is durable. */
  private async record(s: LoadedSession, record: SessionRecord): Promise<void> {
    await s.journal.write(record);
    this.maybeRewrite(s);
  }

  /** Reads answer only once everything they may reflect is durable. */
  private async settled<T>(s: LoadedSession | undefined, value: T): Promise<T> {
    if (s) await s.journal.settled();
    return value;
  }

  private maybeRewrite(s: LoadedSession): void {
    const dead = s.data.deadBytes;
    if (dead < this.rewriteMinDeadBytes || dead < s.journal.size * this.rewriteDeadShare) return;
    s.data.deadBytes = 0;
    void s.journal.rewrite(() => s.data.snapshot(Date.now())).catch(() => undefined);
  }

  async append(sessionId: string, expectedSeq: number, events: NewEvent[], meta: { at?: number; by: string | null; cid?: string }): Promise<AppendResult> {
    const existing = this.get(sessionId);
    if (meta.cid && existing?.data.cids.has(meta.cid)) {
      // The first attempt may still be on its way to disk: answer once it is there.
      return this.settled(existing, { ok: true, duplicate: true, events: existing.data.eventsOf(meta.cid) });
    }
    const head = existing?.data.head ?? 0;
    if (head !== expectedSeq) return this.settled(existing, { ok: false, reason: 'conflict', headSeq: head });
    const s = this.ensure(sessionId);
    // Through JSON, as the journal keeps them: the events in memory now equal the ones read back after a restart.
    // The store's clock stamps events (one clock for everything this store serves), as in the other stores.
    const at = Date.now();
    const stored = events.map((e, i): StoredEvent => JSON.parse(JSON.stringify({ ...e, seq: expectedSeq + i + 1, at, by: meta.by, ...(meta.cid ? { cid: meta.cid } : {}) })));
    s.data.appendEvents(stored);
    await this.record(s, { t: 'append', events: stored });
    return { ok: true, duplicate: false, events: structuredClone(stored) };
  }

  appendBatch(sessionId: string, expectedSeq: number, commands: BatchCommand[], meta: { writer: string; at?: number }): Promise<BatchResult> {
    return appendOneByOne(this, sessionId, expectedSeq, commands, meta.at);
  }

  async readLog(sessionId: string, afterSeq: number): Promise<StoredEvent[]> {
    const s = this.get(sessionId);
    return this.settled(s, structuredClone(s?.data.events.slice(readFrom(afterSeq, s.data.offset)) ?? []));
  }

  async headSeq(sessionId: string): Promise<number> {
    const s = this.get(sessionId);
    return this.settled(s, s?.data.head ?? 0);
  }

  async saveSnapshot(sessionId: string, seq: number, state: string): Promise<number> {
    const s = this.get(sessionId);
    if (!s) return 0;
    const record = s.data.takeSnapshot(seq, state, Date.now());
    if (record) await this.record(s, record);
    return this.settled(s, s.data.snapshotState?.seq ?? 0);
  }

  async readSnapshot(sessionId: string): Promise<StoredSnapshot | null> {
    const s = this.get(sessionId);
    const snap = s?.data.snapshotState;
    return this.settled(s, snap ? { ...snap } : null);
  }

  async readArchive(sessionId: string): Promise<StoredEvent[]> {
    const s = this.get(sessionId);
    const chunks = [...(s?.data.archive ?? [])];
    return this.settled(s, chunks.flatMap((chunk) => unpackEntries(chunk).map((raw) => JSON.parse(raw) as StoredEvent)));
  }

  async claimJoinCode(code: string, sessionId: string): Promise<boolean> {
    this.check();
    if (this.codes.has(code)) {
      await this.codesJournal.settled();
      return false;
    }
    this.codes.set(code, sessionId);
    await this.codesJournal.write({ code, session: sessionId });
    return true;
  }

  async resolveJoinCode(code: string): Promise<string | null> {
    this.check();
    const sessionId = this.codes.get(code) ?? null;
    await this.codesJournal.settled();
    return sessionId;
  }

  async deleteSession(sessionId: string, joinCodes: string[]): Promise<number> {
    this.check();
    const s = this.sessions.get(sessionId);
    let n = 0;
    if (s) {
      this.sessions.delete(sessionId);
      // Writes already queued finish first, so no late line re-creates the file after it is removed.
      await s.journal.settled().catch(() => undefined);
    }
    for (const file of [this.fileOf(sessionId), `${this.fileOf(sessionId)}.rewrite`]) {
      try {
        await unlink(file);
        n++;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    await syncDirectory(path.join(this.dir, SESSIONS_DIR));
    // codes.jsonl is append-only; the forgotten codes stay listed there but resolve to nothing after a restart
    // too, because the session's journal is gone (the hub finds no log: SESSION_NOT_FOUND).
    for (const c of joinCodes) if (this.codes.get(c) === sessionId && this.codes.delete(c)) n++;
    return n;
  }

  async listSessions(): Promise<string[]> {
    this.check();
    // Like the Redis store: a session is listed once its log has an event.
    const ids = [...this.sessions.values()].filter((s) => s.data.head > 0);
    await Promise.all(ids.map((s) => s.journal.settled()));
    return ids.map((s) => s.data.id);
  }

  async setPollOpen(sessionId: string, pollId: string, open: boolean): Promise<void> {
    const s = this.ensure(sessionId);
    s.data.setPollOpen(pollId, open);
    await this.record(s, { t: 'pollOpen', poll: pollId, open });
  }

  async castBallot(sessionId: string, pollId: string, personId: string, ballot: string): Promise<BallotResult> {
    const s = this.get(sessionId);
    if (!s || !s.data.pollOpen.get(pollId)) return this.settled(s, 'closed');
    s.data.castBallot(pollId, personId, ballot);
    await this.record(s, { t: 'ballot', poll: pollId, person: personId, ballot });
    return 'accepted';
  }

  async readBallots(sessionId: string, pollId: string): Promise<Map<string, string>> {
    const s = this.get(sessionId);
    return this.settled(s, new Map(s?.data.ballots.get(pollId) ?? []));
  }

  async appendWorksheetUpdate(sessionId: string, roomId: string, update: string): Promise<number> {
    const s = this.ensure(sessionId);
    const count = s.data.appendWorksheetUpdate(roomId, update);
    await this.record(s, { t: 'ws', room: roomId, update });
    return count;
  }

  async readWorksheet(sessionId: string, roomId: string): Promise<{ updates: string[]; version: number }> {
    const s = this.get(sessionId);
    const ws = s?.data.worksheets.get(roomId);
    return this.settled(s, { updates: [...(ws?.updates ?? [])], version: ws?.version ?? 0 });
  }

  async compactWorksheet(sessionId: string, roomId: string, version: number, count: number, merged: string): Promise<boolean> {
    const s = this.get(sessionId);
    if (!s || !s.data.compactWorksheet(roomId, version, count, merged)) return this.settled(s, false);
    await this.record(s, { t: 'wsCompact', room: roomId, count, merged });
    // The merged-away updates (with the text deleted since) must leave the disk too, not only the memory:
    // the journal is rewritten from the state now. Compactions come at most every few hundred updates.
    s.data.deadBytes = 0;
    await s.journal.rewrite(() => s.data.snapshot(Date.now())).catch(() => undefined);
    return true;
  }

  async worksheetSize(sessionId: string, roomId: string): Promise<number> {
    // A size for the limit check only: what memory holds (durable or about to be) is the right measure, and
    // not waiting for the journal keeps an edit from queuing behind a burst of ballots being written.
    this.check();
    const s = this.get(sessionId);
    return (s?.data.worksheets.get(roomId)?.updates ?? []).reduce((n, u) => n + u.length, 0);
  }

  async recallAck(sessionId: string, key: string): Promise<string | null> {
    const s = this.get(sessionId);
    return this.settled(s, s?.data.recallAck(key, Date.now()) ?? null);
  }

  async rememberAck(sessionId: string, key: string, ack: string, ttlMs: number): Promise<void> {
    const s = this.ensure(sessionId);
    const until = Date.now() + ttlMs;
    s.data.rememberAck(key, ack, until);
    await this.record(s, { t: 'ack', key, ack, until });
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

  /** fsyncs done since the store opened, over every journal (group commit makes it far fewer than writes). */
  syncCount(): number {
    return [...this.sessions.values()].reduce((n, s) => n + s.journal.syncs, this.codesJournal.syncs);
  }

  /** The journal file of a session (for operators and tests). */
  fileOf(sessionId: string): string {
    return path.join(this.dir, SESSIONS_DIR, sessionFileName(sessionId));
  }

  /** The store's clock: this process's, since the embedded default is one instance. */
  async time(): Promise<number> {
    return Date.now();
  }

  /** Throws once a journal write failed: the instance must be restarted to recover from the disk. */
  async ping(): Promise<void> {
    this.check();
  }

  async close(): Promise<void> {
    await Promise.all([this.codesJournal?.close(), ...[...this.sessions.values()].map((s) => s.journal.close())]);
    await this.unlock();
  }
}
