import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { NewEvent, StoredEvent } from '../../shared/domain/eventTypes.js';
import { DomainError } from '../../shared/protocol/errors.js';
import type { Store } from '../store/Store.js';
import { SessionRoom, type RoomHost } from './SessionRoom.js';
import type { DuePlan as DuePlanOf } from './dueTimer.js';
import { MAX_BATCH, type Decide, type ExecuteOptions } from './groupCommit.js';
import { assertValidEvents, loadSessionState } from './sessionLoad.js';

export { RECENT_EVENTS } from './sessionLoad.js';
export type { Decide, ExecuteOptions } from './groupCommit.js';

/** A loaded session, as the capabilities and the router see it: the room itself (they stay as they were). */
export type SessionRuntime = SessionRoom;

/** The due tasks a hub's rooms arm their timers for (see `setDuePlan`). */
export type DuePlan = DuePlanOf<SessionRoom>;

/** Default of SNAPSHOT_EVERY: a snapshot of a session's state is persisted every this many events. */
export const DEFAULT_SNAPSHOT_EVERY = 1000;

/** Clock of one instance, injectable so tests can skew instances; the hub corrects it to the store's clock. */
export type Clock = () => number;

/** How often the offset between this instance's clock and the store's is measured again. */
export const CLOCK_SYNC_MS = 10_000;

/** How often the rooms with an armed due timer are checked against the store's clock (see `setDuePlan`). */
export const DUE_SWEEP_MS = 1_000;

export type AppliedListener = (runtime: SessionRuntime, events: StoredEvent[]) => void;

/**
 * The registry of the sessions this instance serves: one `SessionRoom` per loaded session, created on first use
 * and disposed of when forgotten or unloaded. The rooms do the work (commands, catch-up, timers); the hub holds
 * what they share: the store, the clock, the writer id, the listeners and the due plan.
 */
export class SessionHub {
  private sessions = new Map<string, Promise<SessionRuntime | null>>();
  /** The loaded rooms (a load resolved and not dropped since), for reads that must not load: `peek`. */
  private settledRuntimes = new Map<string, SessionRuntime>();
  private unloadListeners: Array<(sessionId: string) => void> = [];
  private listeners: AppliedListener[] = [];
  private appendedListeners: Array<(sessionId: string, events: StoredEvent[]) => void> = [];
  /** Awaited before a session's log is read (the relay subscribes there), and called when a session is dropped. */
  private loadingListeners: Array<(sessionId: string) => Promise<void>> = [];
  private droppedListeners: Array<(sessionId: string) => void> = [];
  private plan: DuePlan | null = null;
  private dueSweep: NodeJS.Timeout | null = null;
  /** Names this hub as a writer to the store (turn fairness between instances). */
  readonly writerId = `w-${randomUUID()}`;
  /** store time - local time, measured by syncClock(); 0 until the first measure. */
  private clockOffsetMs = 0;
  private bestRoundTripMs = Infinity;
  /** What every room of this hub shares (built once; the rooms never see the hub itself). */
  private readonly host: RoomHost;

  constructor(
    readonly store: Store,
    private readonly log: Logger,
    private readonly localClock: Clock = Date.now,
    options: { maxBatch?: number; snapshotEvery?: number } = {},
  ) {
    this.host = {
      store,
      log,
      writerId: this.writerId,
      maxBatch: options.maxBatch ?? MAX_BATCH,
      snapshotEvery: options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY,
      now: () => this.now(),
      applied: (room, events) => {
        for (const l of this.listeners) {
          try {
            l(room, events);
          } catch (err) {
            this.log.error({ err, sessionId: room.id }, 'applied-listener failed');
          }
        }
      },
      appended: (sessionId, events) => {
        for (const l of this.appendedListeners) l(sessionId, events);
      },
      duePlan: () => this.plan,
    };
  }

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

  /**
   * Installs the due tasks (null: removes them). Every loaded room arms its own timer for its earliest deadline,
   * now and after each applied batch. One slow sweep (DUE_SWEEP_MS) fires a room whose deadline has passed by the
   * store's clock while its timer still waits: timers count on the monotonic clock, deadlines on the store's, and
   * the two part when a machine's clock is stepped or the store's is set (or the offset measure moves).
   */
  setDuePlan(plan: DuePlan | null, sweepMs = DUE_SWEEP_MS): void {
    this.plan = plan;
    if (this.dueSweep) clearInterval(this.dueSweep);
    this.dueSweep = null;
    for (const room of this.settledRuntimes.values()) room.armDue();
    if (!plan) return;
    this.dueSweep = setInterval(() => {
      for (const room of this.settledRuntimes.values()) room.checkDueLate();
    }, sweepMs);
    this.dueSweep.unref();
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
   * Called when this instance stops holding a session (deleted, a failed or empty load, an idle unload; all come
   * through `forget`): the relay unsubscribes from its channel.
   */
  onDropped(listener: (sessionId: string) => void): void {
    this.droppedListeners.push(listener);
  }

  loaded(): string[] {
    return [...this.sessions.keys()];
  }

  /** The session's room, loaded from the log on first use; null when the session does not exist. */
  get(sessionId: string): Promise<SessionRuntime | null> {
    let p = this.sessions.get(sessionId);
    if (!p) {
      const loading = this.load(sessionId);
      p = loading;
      this.sessions.set(sessionId, p);
      // A failed load (store down) must not stick: the next caller tries again.
      p.then(
        (r) => {
          if (this.sessions.get(sessionId) !== loading) {
            r?.dispose(); // forgotten while it loaded
            return;
          }
          if (!r) this.forget(sessionId);
          else {
            this.settledRuntimes.set(sessionId, r);
            r.armDue();
          }
        },
        () => { if (this.sessions.get(sessionId) === loading) this.forget(sessionId); },
      );
    }
    return p;
  }

  /**
   * Drops this instance's copy of a session (after it was deleted from the store; an idle unload): the room is
   * disposed of (its timer cleared) and the next use reads the log again. The dropped listeners release what the
   * session held here (its relay subscription).
   */
  forget(sessionId: string): void {
    this.settledRuntimes.get(sessionId)?.dispose();
    this.settledRuntimes.delete(sessionId);
    if (!this.sessions.delete(sessionId)) return;
    for (const l of this.droppedListeners) l(sessionId);
  }

  /**
   * The loaded room, without loading it and without counting as a use (read-only: idle unload, tests).
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
    if (!rt || !rt.canUnload()) return false;
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
    const loaded = await loadSessionState(this.store, this.log, sessionId);
    return loaded ? SessionRoom.fromLoaded(sessionId, loaded, this.host) : null;
  }

  /** Creates a session's log with its first events. */
  async create(sessionId: string, events: NewEvent[]): Promise<SessionRuntime> {
    assertValidEvents(this.log, sessionId, events);
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
    return rt.execute(by, decide, cid, opts);
  }

  /** Brings the session up to the store's head (e.g. when told another instance appended). */
  async catchUp(sessionId: string): Promise<void> {
    const p = this.sessions.get(sessionId);
    if (!p) return;
    const rt = await p;
    if (rt) await rt.catchUp();
  }

  /** Events relayed by another instance: given to the session's room, if this instance holds it. */
  async receiveRemote(sessionId: string, events: StoredEvent[]): Promise<void> {
    const p = this.sessions.get(sessionId);
    if (!p) return; // not served here: nothing to keep up to date
    const rt = await p;
    if (rt) await rt.receiveRemote(events);
  }

  /** Events after `sinceSeq` from memory, or null when they are older than what is kept. */
  recentSince(rt: SessionRuntime, sinceSeq: number): StoredEvent[] | null {
    return rt.recentSince(sinceSeq);
  }
}
