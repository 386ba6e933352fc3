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
  /** Events with seq > afterSeq, in order. */
  readLog(sessionId: string, afterSeq: number): Promise<StoredEvent[]>;
  headSeq(sessionId: string): Promise<number>;

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
