import type { NewEvent, StoredEvent } from '../../shared/domain/eventTypes.js';

export type AppendResult =
  | { ok: true; events: StoredEvent[]; duplicate: boolean }
  | { ok: false; reason: 'conflict'; headSeq: number };

/** One command's events in a group commit (`Store.appendBatch`). */
export interface BatchCommand {
  events: NewEvent[];
  by: string | null;
  cid?: string;
}

/**
 * A group commit's outcome. `ok`: the commands were taken in order, `results[i]` for `commands[i]` (appended, or
 * the first run's events when its cid was seen before); the store may stop early (after a duplicate), leaving
 * the rest unprocessed for the caller to decide again. `conflict`: nothing appended, the log moved on.
 * `busy`: nothing appended, another writer lost a race just before and has its turn now (fairness).
 */
export type BatchResult =
  | { ok: true; results: Array<{ events: StoredEvent[]; duplicate: boolean }> }
  | { ok: false; reason: 'conflict'; headSeq: number }
  | { ok: false; reason: 'busy' };

export type BallotResult = 'accepted' | 'closed';

/** A persisted state of a session: the JSON of its SessionState after the event `seq` (issue 20, Bounded). */
export interface StoredSnapshot {
  seq: number;
  state: string;
}

/**
 * Everything the server persists. Three implementations (memory, Redis, file) pass one contract suite
 * (tests/integration/storeContract.test.ts). Every method is atomic on its own.
 */
/**
 * Group commit for stores with one process (memory, file): the commands appended one after the other. There is
 * no second writer to be fair to, and each append is atomic on its own.
 */
export async function appendOneByOne(store: Store, sessionId: string, expectedSeq: number, commands: BatchCommand[], at?: number): Promise<BatchResult> {
  const results: Array<{ events: StoredEvent[]; duplicate: boolean }> = [];
  let seq = expectedSeq;
  for (const c of commands) {
    const r = await store.append(sessionId, seq, c.events, { at, by: c.by, cid: c.cid });
    if (!r.ok) return results.length ? { ok: true, results } : r;
    results.push({ events: r.events, duplicate: r.duplicate });
    if (r.duplicate) break;
    seq += r.events.length;
  }
  return { ok: true, results };
}

export interface Store {
  readonly kind: 'memory' | 'redis' | 'file';

  // --- the ordered log of a session -------------------------------------------------------
  /**
   * Appends events after `expectedSeq` (optimistic concurrency: refused with `conflict` when another
   * writer appended first). When `cid` was already appended, returns those events with duplicate=true
   * instead of appending twice (a retried command after a lost ack).
   * The store stamps every event's `at` with its own clock (`time()`), the one clock of a deployment, so
   * instances with skewed clocks agree on event times; `meta.at` (the caller's estimate) is ignored by
   * stores that have a clock of their own, which all current ones do.
   */
  append(sessionId: string, expectedSeq: number, events: NewEvent[], meta: { at?: number; by: string | null; cid?: string }): Promise<AppendResult>;
  /**
   * Group commit: the commands' events appended after `expectedSeq` in one atomic step, each command keeping its
   * own command id. `writer` names the instance: a writer refused for a conflict gets the next turn (the
   * others are answered `busy` for a short while), so the instance that appended last cannot starve it.
   */
  appendBatch(sessionId: string, expectedSeq: number, commands: BatchCommand[], meta: { writer: string; at?: number }): Promise<BatchResult>;
  /**
   * Events with seq > afterSeq still in the log, in order. When `afterSeq` is before the trimmed start (see
   * `saveSnapshot`), the answer starts later than afterSeq + 1: callers that need every event check the first
   * seq and load the snapshot instead (SessionHub), or read the archive too (the report: `readHistory`).
   */
  readLog(sessionId: string, afterSeq: number): Promise<StoredEvent[]>;
  /** The seq of the last event (global: trimming does not lower it). */
  headSeq(sessionId: string): Promise<number>;

  // --- snapshots, trimming, archive (issue 20, Bounded) ----------------------------------------
  /**
   * Persists the state after `seq` as the session's snapshot, unless one at `seq` or later is stored (another
   * instance was first). In the same step the log is trimmed behind the snapshot it replaces (its entries move,
   * packed, to the archive; the seq offset is kept so seqs stay global), and command ids remembered longer than
   * a day (COMMAND_ID_TTL_MS) are forgotten. Returns the seq of the snapshot stored after the call.
   */
  saveSnapshot(sessionId: string, seq: number, state: string): Promise<number>;
  readSnapshot(sessionId: string): Promise<StoredSnapshot | null>;
  /** Every trimmed event, oldest first (seq 1 to the trimmed start). */
  readArchive(sessionId: string): Promise<StoredEvent[]>;

  // --- session directory ---------------------------------------------------------------------
  /** Reserves a join code for a session; false when the code is taken. */
  claimJoinCode(code: string, sessionId: string): Promise<boolean>;
  resolveJoinCode(code: string): Promise<string | null>;
  listSessions(): Promise<string[]>;

  // --- commutative per-person records (ballots) ----------------------------------------------
  /** Marks a poll open or closed for ballots. Ballots are checked against this atomically. */
  setPollOpen(sessionId: string, pollId: string, open: boolean): Promise<void>;
  /** Sets the person's ballot (the last one counts) if and only if the poll is open. */
  castBallot(sessionId: string, pollId: string, personId: string, ballot: string): Promise<BallotResult>;
  readBallots(sessionId: string, pollId: string): Promise<Map<string, string>>;

  // --- worksheets: append-only Yjs updates per room (base64) -----------------------------------
  /** Appends one update to the room's list; returns the list length after the append. */
  appendWorksheetUpdate(sessionId: string, roomId: string, update: string): Promise<number>;
  /** Every stored update of the room, oldest first, and the compaction version they were read at. */
  readWorksheet(sessionId: string, roomId: string): Promise<{ updates: string[]; version: number }>;
  /**
   * Compaction: replaces the FIRST `count` updates by `merged` (their merge), atomically, if no other
   * compaction happened since `version` was read. Updates appended meanwhile sit after them and are kept.
   * False (and nothing changed) when another compaction won or fewer than `count` are stored.
   */
  compactWorksheet(sessionId: string, roomId: string, version: number, count: number, merged: string): Promise<boolean>;
  /** The summed length (base64 characters) of the room's stored updates, without reading them out: the size check. */
  worksheetSize(sessionId: string, roomId: string): Promise<number>;

  // --- acks of commands, for retries ------------------------------------------------------------
  /** The ack remembered for a command id (`<personId>:<cid>`), or null. */
  recallAck(sessionId: string, key: string): Promise<string | null>;
  /** Remembers a command's ack for `ttlMs`, so a retry after a lost ack gets the same answer. */
  rememberAck(sessionId: string, key: string, ack: string, ttlMs: number): Promise<void>;

  // --- deletion ------------------------------------------------------------------------------
  /**
   * Removes everything the store keeps of a session (log, command ids, poll flags, ballots, worksheets, acks;
   * on Redis every key with the session's hash tag) and the given join codes. Returns how many keys or files
   * it removed. Idempotent: deleting a deleted session removes nothing.
   */
  deleteSession(sessionId: string, joinCodes: string[]): Promise<number>;

  // --- rate limiting and liveness -------------------------------------------------------------
  /** Adds `increment` (default 1; 0 only reads) to a counter of the current fixed window and returns its count. */
  hit(key: string, windowMs: number, increment?: number): Promise<number>;
  /** Records that an instance is alive, for `ttlMs`. */
  heartbeat(instanceId: string, ttlMs: number): Promise<void>;
  isAlive(instanceId: string): Promise<boolean>;
  /**
   * Remembers that the instance named `instanceId` (any boot of it) logged presence in a session, so that a
   * restart under the same name can clear its previous boots' counts there at once (see Presence).
   */
  noteInstanceSession(instanceId: string, sessionId: string): Promise<void>;
  /** The sessions noted for an instance name, in no order. */
  instanceSessions(instanceId: string): Promise<string[]>;
  /** Forgets a noted session of an instance name (its old counts are cleared). */
  forgetInstanceSession(instanceId: string, sessionId: string): Promise<void>;

  /** The store's clock (ms since epoch), the one every instance corrects its deadlines to. */
  time(): Promise<number>;
  /** A timed round trip; throws when the store is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The whole history of a session, archive and log (for the report and the template, which replay it all). */
export async function readHistory(store: Store, sessionId: string, attempt = 0): Promise<StoredEvent[]> {
  const archived = await store.readArchive(sessionId);
  const last = archived.length ? archived[archived.length - 1].seq : 0;
  const log = await store.readLog(sessionId, last);
  // An empty archive too: the first trim may land between the two reads, and the log then starts past seq 1.
  if (log.length && log[0].seq !== last + 1 && attempt < 3) {
    // A trim landed between the two reads: read again (trims are one snapshot interval apart).
    return readHistory(store, sessionId, attempt + 1);
  }
  return archived.concat(log);
}
