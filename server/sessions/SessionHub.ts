import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { applyEvent, type ApplyProblem } from '../../shared/domain/apply.js';
import type { NewEvent, StoredEvent } from '../../shared/domain/eventTypes.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';
import { DomainError } from '../../shared/protocol/errors.js';
import type { Store } from '../store/Store.js';
import { SerialQueue } from './SerialQueue.js';
import { firstInvalidEvent } from './eventCheck.js';
import { snapshotDue } from '../store/trim.js';
import { detached, speculativeState } from './speculation.js';

/** How many recent events each instance keeps per session to replay to reconnecting clients. */
export const RECENT_EVENTS = 5000;
const MAX_CONFLICT_RETRIES = 200;
/** At most this many commands go into one group commit (bounds one script call's size and the speculative work). */
const MAX_BATCH = 200;

interface PendingCommand {
  by: string | null;
  decide: Decide;
  cid?: string;
  commandId: string;
  turn: { started: boolean; expired: boolean };
  deadline?: number;
  settled: boolean;
  resolve: (events: StoredEvent[]) => void;
  reject: (err: unknown) => void;
}

export interface SessionRuntime {
  id: string;
  state: SessionState;
  /** The last RECENT_EVENTS events, oldest first; recent[i].seq is contiguous. */
  recent: StoredEvent[];
  queue: SerialQueue;
  /** The seq of the newest snapshot persisted (read at load, or written by this instance). */
  snapshotSeq: number;
  /** performance.now() of the last command or applied event (idle unload counts from here). */
  lastActive: number;
}

/** Default of SNAPSHOT_EVERY: a snapshot of a session's state is persisted every this many events. */
export const DEFAULT_SNAPSHOT_EVERY = 1000;

/**
 * Decides the events of a command from the current state; throws DomainError to refuse. It runs inside the
 * session's queue, so every input it reads (state, and store reads such as ballots for a tally) is fresh:
 * after a conflict it runs again on the caught-up state. Besides its events it may only make idempotent
 * writes (closing a poll's ballot flag), as it can run more than once.
 */
export type Decide = (state: SessionState) => NewEvent[] | Promise<NewEvent[]>;

export interface ExecuteOptions {
  /**
   * performance.now() after which the sender has given up waiting (its ack timeout passed): the command is
   * dropped unrun with UNAVAILABLE, so the retry with the same cid takes its place instead of queueing twice.
   */
  deadline?: number;
}

/** Clock of one instance, injectable so tests can skew instances; the hub corrects it to the store's clock. */
export type Clock = () => number;

/** How often the offset between this instance's clock and the store's is measured again. */
export const CLOCK_SYNC_MS = 10_000;

export type AppliedListener = (runtime: SessionRuntime, events: StoredEvent[]) => void;

/**
 * Holds the sessions this instance serves, in memory, and keeps them equal to the store's log.
 * Commands: decide on local state -> append with optimistic concurrency -> apply -> notify.
 * On a conflict (another instance appended first) it catches up from the log and decides again.
 */
export class SessionHub {
  private sessions = new Map<string, Promise<SessionRuntime | null>>();
  /** The loaded runtimes (a load resolved and not dropped since), for reads that must not load: `peek`. */
  private settledRuntimes = new Map<string, SessionRuntime>();
  private unloadListeners: Array<(sessionId: string) => void> = [];
  private listeners: AppliedListener[] = [];
  private appendedListeners: Array<(sessionId: string, events: StoredEvent[]) => void> = [];
  /** Awaited before a session's log is read (the relay subscribes there), and called when a session is dropped. */
  private loadingListeners: Array<(sessionId: string) => Promise<void>> = [];
  private droppedListeners: Array<(sessionId: string) => void> = [];
  /** Per loaded session: command id -> the seqs its first run appended, for the events still in `recent`. */
  private commandIndex = new WeakMap<SessionRuntime, Map<string, number[]>>();
  /** Commands waiting for the next group commit, per loaded session. */
  private pending = new WeakMap<SessionRuntime, PendingCommand[]>();
  private committing = new WeakSet<SessionRuntime>();
  /** Names this hub as a writer to the store (turn fairness between instances). */
  readonly writerId = `w-${randomUUID()}`;
  /** store time - local time, measured by syncClock(); 0 until the first measure. */
  private clockOffsetMs = 0;
  private bestRoundTripMs = Infinity;

  constructor(
    readonly store: Store,
    private readonly log: Logger,
    private readonly localClock: Clock = Date.now,
    private readonly options: { maxBatch?: number; snapshotEvery?: number } = {},
  ) {}

  /**
   * The store's time as this instance estimates it: the one clock of the deployment. Event times are
   * stamped by the store; deadlines (countdowns, poll deadlines) are computed and compared with this, so
   * instances with skewed clocks fire them at the same moment.
   */
  now(): number {
    return Math.round(this.localClock() + this.clockOffsetMs);
  }

  /**
   * Measures the offset to the store's clock with a timed round trip (the reading is taken as the middle
   * of the trip). A measure whose trip is much slower than the best seen is less precise and only kept
   * when the offset moved a lot (the store's clock was set).
   */
  async syncClock(): Promise<void> {
    const t0 = this.localClock();
    const p0 = performance.now();
    const storeTime = await this.store.time();
    const rtt = performance.now() - p0;
    const offset = storeTime - (t0 + rtt / 2);
    if (rtt <= this.bestRoundTripMs * 2 + 5 || Math.abs(offset - this.clockOffsetMs) > 1000) {
      this.bestRoundTripMs = Math.min(this.bestRoundTripMs, rtt);
      this.clockOffsetMs = offset;
    }
  }

  onApplied(listener: AppliedListener): void {
    this.listeners.push(listener);
  }

  /** Called with the events this instance itself appended (to relay them to the other instances). */
  onAppended(listener: (sessionId: string, events: StoredEvent[]) => void): void {
    this.appendedListeners.push(listener);
  }

  /**
   * Called, and awaited, before a session's log is read to load it: the session relay subscribes to the session's
   * channel there, so an event another instance appends after the read is relayed, not missed until catch-up.
   * A listener that fails does not stop the load (the periodic catch-up reads the log anyway).
   */
  onLoading(listener: (sessionId: string) => Promise<void>): void {
    this.loadingListeners.push(listener);
  }

  /**
   * Called when this instance stops holding a session (deleted, a failed or empty load; idle unload must come
   * through `forget` too): the relay unsubscribes from its channel.
   */
  onDropped(listener: (sessionId: string) => void): void {
    this.droppedListeners.push(listener);
  }

  loaded(): string[] {
    return [...this.sessions.keys()];
  }

  /** The session's runtime, loaded from the log on first use; null when the session does not exist. */
  get(sessionId: string): Promise<SessionRuntime | null> {
    let p = this.sessions.get(sessionId);
    if (!p) {
      const loading = this.load(sessionId);
      p = loading;
      this.sessions.set(sessionId, p);
      // A failed load (store down) must not stick: the next caller tries again.
      p.then(
        (r) => {
          if (this.sessions.get(sessionId) !== loading) return;
          if (!r) this.forget(sessionId);
          else this.settledRuntimes.set(sessionId, r);
        },
        () => { if (this.sessions.get(sessionId) === loading) this.forget(sessionId); },
      );
    }
    return p;
  }

  /**
   * Drops this instance's copy of a session (after it was deleted from the store; an idle unload): the next use
   * reads the log again. The dropped listeners release what the session held here (its relay subscription).
   */
  forget(sessionId: string): void {
    this.settledRuntimes.delete(sessionId);
    if (!this.sessions.delete(sessionId)) return;
    for (const l of this.droppedListeners) l(sessionId);
  }

  /**
   * The loaded runtime, without loading it and without counting as a use (read-only: idle unload, tests).
   * Undefined when not loaded (or still loading).
   */
  peek(sessionId: string): SessionRuntime | undefined {
    return this.settledRuntimes.get(sessionId);
  }

  /**
   * Unloads an idle session (issue 20, Bounded): its state and recent events are released and the next use loads
   * it again from its snapshot and the log's tail. Refused (false) while a command waits or commits: an unload must
   * never lose a command's turn. Listeners (timers, subscriptions of the session) are told.
   */
  unload(sessionId: string): boolean {
    const rt = this.settledRuntimes.get(sessionId);
    if (!rt || this.committing.has(rt) || this.pendingOf(rt).length) return false;
    this.forget(sessionId);
    for (const l of this.unloadListeners) l(sessionId);
    return true;
  }

  /** Called with the id of each session unloaded for idleness (to release what is kept per session elsewhere). */
  onUnloaded(listener: (sessionId: string) => void): void {
    this.unloadListeners.push(listener);
  }

  async require(sessionId: string): Promise<SessionRuntime> {
    const rt = await this.get(sessionId);
    if (!rt) throw new DomainError('SESSION_NOT_FOUND');
    return rt;
  }

  private async load(sessionId: string): Promise<SessionRuntime | null> {
    for (const l of this.loadingListeners) await l(sessionId).catch((err) => this.log.warn({ err: String(err), sessionId }, 'before-load hook failed'));
    const loaded = await this.loadState(sessionId);
    if (!loaded) return null;
    return { id: sessionId, ...loaded, queue: new SerialQueue(), lastActive: performance.now() };
  }

  /**
   * The session's state from its newest snapshot plus the log after it (or the whole log when it has no snapshot
   * yet): the same state a full replay gives, since a snapshot is the JSON of the state a replay built.
   */
  private async loadState(sessionId: string): Promise<{ state: SessionState; recent: StoredEvent[]; snapshotSeq: number } | null> {
    for (let attempt = 0; ; attempt++) {
      const snap = await this.store.readSnapshot(sessionId);
      const base = snap ? (JSON.parse(snap.state) as SessionState) : emptySessionState(sessionId);
      // The whole kept log (at most about two snapshot intervals): the events before the snapshot are not applied
      // but kept in `recent`, so syncs of clients a little behind, retried commands and "last activity" still
      // find them after a load.
      const events = await this.store.readLog(sessionId, 0);
      // A trim between the two reads (another instance's snapshot): read again, the newer snapshot covers it.
      if (events.length && events[0].seq > base.seq + 1 && attempt < 3) continue;
      if (!snap && events.length === 0) return null;
      for (const e of events) if (e.seq > base.seq) applyEvent(base, e, (p) => this.reportProblem(sessionId, p));
      return { state: base, recent: events.slice(-RECENT_EVENTS), snapshotSeq: snap?.seq ?? 0 };
    }
  }

  /**
   * Persists the state every SNAPSHOT_EVERY events, from the instance that appended (the others only apply).
   * The JSON is taken now, inside the session's turn, so it is the state at exactly `seq`; the write runs on and a
   * failure only postpones the snapshot to the next append.
   */
  private maybeSnapshot(rt: SessionRuntime): void {
    if (!snapshotDue(rt.state.seq, rt.snapshotSeq, this.options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY)) return;
    const seq = rt.state.seq;
    rt.snapshotSeq = seq;
    this.store.saveSnapshot(rt.id, seq, JSON.stringify(rt.state)).then(
      (stored) => { rt.snapshotSeq = Math.max(rt.snapshotSeq, stored); },
      (err: unknown) => {
        this.log.warn({ err: String(err), sessionId: rt.id, seq }, 'snapshot not saved; retried after the next append');
        if (rt.snapshotSeq === seq) rt.snapshotSeq = 0;
      },
    );
  }

  /** Creates a session's log with its first events. */
  async create(sessionId: string, events: NewEvent[]): Promise<SessionRuntime> {
    this.assertValid(sessionId, events);
    const res = await this.store.append(sessionId, 0, events, { at: this.now(), by: null, cid: `create-${sessionId}` });
    if (!res.ok) throw new DomainError('CONFLICT', 'session already exists');
    return this.require(sessionId);
  }

  /**
   * Runs a command: decide, persist, apply, notify. Resolves only once the events are persisted
   * (so the caller may ack). `cid` makes a retried command return the first run's events: whether the
   * first run is already applied here (checked before deciding, so a decision that would now refuse, e.g.
   * "already open", does not hide it) or only in the log (the append script recognises the cid).
   */
  async execute(sessionId: string, by: string | null, decide: Decide, cid?: string, opts: ExecuteOptions = {}): Promise<StoredEvent[]> {
    const rt = await this.require(sessionId);
    rt.lastActive = performance.now();
    // A command id per execution, even without a client one: if ioredis re-sends our append after a
    // reconnect, the store recognises it instead of appending twice.
    const commandId = cid ? `${by ?? 'sys'}:${cid}` : `auto:${randomUUID()}`;
    const turn = { started: false, expired: false };
    const queued = new Promise<StoredEvent[]>((resolve, reject) => {
      const cmd: PendingCommand = {
        by, decide, cid, commandId, turn, deadline: opts.deadline, settled: false,
        resolve: (events) => { cmd.settled = true; resolve(events); },
        reject: (err) => { cmd.settled = true; reject(err); },
      };
      this.pendingOf(rt).push(cmd);
      this.scheduleCommit(rt);
    });
    if (opts.deadline === undefined) return queued;
    // Answered at the deadline even while an earlier command still holds the queue (its append waiting on a
    // frozen store): the command is then marked so that it does nothing when its turn comes. One that has
    // started is past deciding and is answered with its real outcome.
    return new Promise<StoredEvent[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (turn.started) return;
        turn.expired = true;
        const prior = cid ? this.priorRun(rt, commandId) : null;
        if (prior) resolve(prior);
        else reject(expiredError());
      }, Math.max(0, opts.deadline! - performance.now()));
      queued.then(
        (events) => {
          clearTimeout(timer);
          resolve(events);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  }

  private pendingOf(rt: SessionRuntime): PendingCommand[] {
    let list = this.pending.get(rt);
    if (!list) this.pending.set(rt, (list = []));
    return list;
  }

  /**
   * Group commit: the commands waiting when the session's queue comes free are decided one after the other
   * (each on the state the previous ones' events lead to) and appended in one store call. One queue turn at a
   * time drains them, so commands that arrive together cost one round trip to the store, not one each.
   */
  private scheduleCommit(rt: SessionRuntime): void {
    if (this.committing.has(rt)) return;
    this.committing.add(rt);
    void rt.queue
      .run(async () => {
        const list = this.pendingOf(rt);
        while (list.length) {
          const batch = list.splice(0, this.options.maxBatch ?? MAX_BATCH);
          try {
            await this.commitBatch(rt, batch);
          } catch (err) {
            // A catch-up that failed (store down): whatever is not answered yet is answered with that failure.
            for (const p of batch) if (!p.settled) p.reject(err);
          }
        }
      })
      .catch((err) => this.log.error({ err, sessionId: rt.id }, 'group commit failed'))
      .finally(() => {
        this.committing.delete(rt);
        if (this.pendingOf(rt).length) this.scheduleCommit(rt);
      });
  }

  private async commitBatch(rt: SessionRuntime, batch: PendingCommand[]): Promise<void> {
    let todo = batch;
    // Refusals of commands with a client id, answered after a catch-up: the refusal may come from a state that
    // lacks this command's own first run, appended through another instance.
    const refused: Array<{ p: PendingCommand; err: unknown }> = [];
    let firstRound = true;
    for (let attempt = 0; todo.length > 0; attempt++) {
      if (attempt >= MAX_CONFLICT_RETRIES) {
        for (const p of todo) p.reject(new DomainError('UNAVAILABLE', 'not applied: too much contention on this session; retry'));
        break;
      }
      const decided: Array<{ p: PendingCommand; events: NewEvent[] }> = [];
      // Later commands of the batch decide on a copy-on-write draft that has the earlier ones' events (never on the
      // real state: the append may still be refused).
      let work: SessionState = rt.state;
      for (const [i, p] of todo.entries()) {
        p.turn.started = true;
        if (p.cid) {
          const prior = this.priorRun(rt, p.commandId);
          if (prior) {
            p.resolve(prior);
            continue;
          }
        }
        if (p.turn.expired || (p.deadline !== undefined && performance.now() > p.deadline)) {
          p.reject(expiredError());
          continue;
        }
        let events: NewEvent[];
        try {
          events = await p.decide(work);
          if (work !== rt.state) events = detached(events);
          if (events.length) this.assertValid(rt.id, events);
        } catch (err) {
          if (p.cid && firstRound && err instanceof DomainError && err.code !== 'INTERNAL') refused.push({ p, err });
          else p.reject(err);
          continue;
        }
        if (events.length === 0) {
          p.resolve([]);
          continue;
        }
        decided.push({ p, events });
        if (i < todo.length - 1) {
          if (work === rt.state) work = speculativeState(rt.state);
          let seq = work.seq;
          const at = this.now();
          for (const e of events) applyEvent(work, { ...e, seq: ++seq, at, by: p.by });
        }
      }
      firstRound = false;
      if (!decided.length) break;
      const res = await this.store
        .appendBatch(rt.id, rt.state.seq, decided.map(({ p, events }) => ({ events, by: p.by, cid: p.commandId })), { writer: this.writerId, at: this.now() })
        .catch((err: unknown) => {
          for (const { p } of decided) p.reject(err);
          return null;
        });
      if (!res) break;
      if (!res.ok) {
        // Another writer appended first, or has the turn: catch up (after a short pause for a turn) and decide again.
        if (res.reason === 'busy') await new Promise((r) => setTimeout(r, 2 + Math.random() * 6));
        await this.catchUpLocked(rt);
        todo = decided.map((d) => d.p);
        continue;
      }
      let duplicate = false;
      for (const [i, r] of res.results.entries()) {
        const { p } = decided[i];
        if (r.duplicate) {
          duplicate = true;
          p.resolve(r.events);
          continue;
        }
        this.applyLocked(rt, r.events);
        for (const l of this.appendedListeners) l(rt.id, r.events);
        p.resolve(r.events);
      }
      this.maybeSnapshot(rt);
      todo = decided.slice(res.results.length).map((d) => d.p);
      if (duplicate && todo.length) await this.catchUpLocked(rt);
      else if (duplicate) await this.catchUpLocked(rt).catch(() => {});
    }
    if (refused.length) {
      const caughtUp = await this.catchUpLocked(rt).then(() => true, () => false);
      for (const { p, err } of refused) {
        const prior = caughtUp ? this.priorRun(rt, p.commandId) : null;
        if (prior) p.resolve(prior);
        else p.reject(err);
      }
    }
  }

  /** The events the first run of `commandId` appended, when they are applied here and still kept in memory. */
  private priorRun(rt: SessionRuntime, commandId: string): StoredEvent[] | null {
    const seqs = this.indexOf(rt).get(commandId);
    if (!seqs) return null;
    const first = rt.recent[0];
    if (!first || seqs[0] < first.seq) return null;
    return seqs.map((q) => rt.recent[q - first.seq]);
  }

  private indexOf(rt: SessionRuntime): Map<string, number[]> {
    let index = this.commandIndex.get(rt);
    if (!index) {
      // Built lazily from the events kept in memory (whatever loaded them), then kept up to date on apply.
      index = new Map();
      for (const e of rt.recent) indexEvent(index, e);
      this.commandIndex.set(rt, index);
    }
    return index;
  }

  /** Brings the session up to the store's head (e.g. when told another instance appended). */
  async catchUp(sessionId: string): Promise<void> {
    const p = this.sessions.get(sessionId);
    if (!p) return;
    const rt = await p;
    if (rt) await rt.queue.run(() => this.catchUpLocked(rt));
  }

  /**
   * Events relayed by another instance: applied at once when they follow ours without a gap,
   * otherwise read from the log (a relay can be lost or overtaken; the log cannot).
   */
  async receiveRemote(sessionId: string, events: StoredEvent[]): Promise<void> {
    const p = this.sessions.get(sessionId);
    if (!p) return; // not served here: nothing to keep up to date
    const rt = await p;
    if (!rt) return;
    await rt.queue.run(async () => {
      const fresh = events.filter((e) => e.seq > rt.state.seq);
      if (fresh.length === 0) return;
      if (fresh[0].seq === rt.state.seq + 1 && isContiguous(fresh)) this.applyLocked(rt, fresh);
      else await this.catchUpLocked(rt);
    });
  }

  private async catchUpLocked(rt: SessionRuntime): Promise<void> {
    const missing = await this.store.readLog(rt.id, rt.state.seq);
    if (missing.length && missing[0].seq > rt.state.seq + 1) return this.reloadLocked(rt);
    if (missing.length) this.applyLocked(rt, missing);
  }

  /**
   * This copy fell behind the trimmed start of the log (other instances appended more than a snapshot interval
   * while this one heard nothing): the state is loaded again from the snapshot. Listeners get the tail; clients
   * see the jump in `prev` and sync, which answers with a snapshot since `recent` no longer reaches back.
   */
  private async reloadLocked(rt: SessionRuntime): Promise<void> {
    const loaded = await this.loadState(rt.id);
    if (!loaded || loaded.state.seq <= rt.state.seq) return;
    this.log.info({ sessionId: rt.id, from: rt.state.seq, to: loaded.state.seq }, 'behind the trimmed log: reloaded from the snapshot');
    rt.state = loaded.state;
    rt.recent = loaded.recent;
    rt.snapshotSeq = Math.max(rt.snapshotSeq, loaded.snapshotSeq);
    this.commandIndex.delete(rt);
    const tail = loaded.recent;
    for (const l of this.listeners) {
      try {
        l(rt, tail);
      } catch (err) {
        this.log.error({ err, sessionId: rt.id }, 'applied-listener failed');
      }
    }
  }

  private applyLocked(rt: SessionRuntime, events: StoredEvent[]): void {
    const applied: StoredEvent[] = [];
    for (const e of events) if (applyEvent(rt.state, e, (p) => this.reportProblem(rt.id, p))) applied.push(e);
    if (!applied.length) return;
    rt.lastActive = performance.now();
    rt.recent.push(...applied);
    const index = this.commandIndex.get(rt);
    if (index) for (const e of applied) indexEvent(index, e);
    if (rt.recent.length > RECENT_EVENTS * 1.2) {
      const dropped = rt.recent.length - RECENT_EVENTS;
      if (index) for (const e of rt.recent.slice(0, dropped)) if (e.cid) index.delete(e.cid);
      rt.recent = rt.recent.slice(dropped);
    }
    for (const l of this.listeners) {
      try {
        l(rt, applied);
      } catch (err) {
        this.log.error({ err, sessionId: rt.id }, 'applied-listener failed');
      }
    }
  }

  /** Refuses (INTERNAL, logged) a decision holding an event that does not fit its schema: it is never stored. */
  private assertValid(sessionId: string, events: NewEvent[]): void {
    const fault = firstInvalidEvent(events);
    if (!fault) return;
    this.log.error({ sessionId, ...fault }, 'decided event fails its schema; command refused, nothing stored');
    throw new DomainError('INTERNAL', 'the command produced an invalid event; nothing was recorded');
  }

  /** A logged event that changed nothing but the sequence number (see applyEvent): say so in the log. */
  private reportProblem(sessionId: string, p: ApplyProblem): void {
    const at = { sessionId, seq: p.event.seq, type: String(p.event.type).slice(0, 60) };
    if (p.kind === 'failed') this.log.error({ ...at, err: p.error }, 'logged event failed to apply; skipped and listed for the moderators');
    else this.log.warn(at, 'logged event of an unknown type; skipped');
  }

  /** Events after `sinceSeq` from memory, or null when they are older than what is kept. */
  recentSince(rt: SessionRuntime, sinceSeq: number): StoredEvent[] | null {
    if (sinceSeq >= rt.state.seq) return [];
    const first = rt.recent[0];
    if (!first || first.seq > sinceSeq + 1) return null;
    return rt.recent.slice(sinceSeq + 1 - first.seq);
  }
}

/** Ids of commands nobody retries (`auto:`: presence, joins, system work) are not worth remembering. */
function indexEvent(index: Map<string, number[]>, e: StoredEvent): void {
  if (!e.cid || e.cid.startsWith('auto:')) return;
  const seqs = index.get(e.cid);
  if (seqs) seqs.push(e.seq);
  else index.set(e.cid, [e.seq]);
}

function expiredError(): DomainError {
  return new DomainError('UNAVAILABLE', 'not applied: the command waited longer than its sender waits for an answer; retry with the same cid');
}

function isContiguous(events: StoredEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (events[i].seq !== events[i - 1].seq + 1) return false;
  return true;
}
