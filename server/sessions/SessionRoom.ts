import { applyEvent } from '../../shared/domain/apply.js';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import type { SessionState } from '../../shared/domain/state.js';
import { snapshotDue } from '../store/trim.js';
import { SerialQueue } from './SerialQueue.js';
import { DueTimer, type DueHost } from './dueTimer.js';
import { GroupCommit, type CommitHost, type Decide, type ExecuteOptions } from './groupCommit.js';
import { RECENT_EVENTS, loadSessionState, reportApplyProblem, type LoadedState } from './sessionLoad.js';

/** What a room needs from the hub that holds it: the instance's shared parts, not the other rooms. */
export interface RoomHost extends CommitHost, DueHost<SessionRoom> {
  readonly snapshotEvery: number;
  /** Tells the applied-listeners (fan-out, roster digests); a failing listener is logged, not thrown. */
  applied(room: SessionRoom, events: StoredEvent[]): void;
}

/**
 * One loaded session on this instance (issue 20; as Hocuspocus has one `Document`): its state and recent events,
 * its writer (group commit), its command index, its snapshots and its due timer. It keeps itself equal to the
 * store's log: catch-up, relayed events, and a reload from the snapshot when it fell behind the trimmed log.
 * The hub creates it on first use and disposes of it when it forgets the session.
 */
export class SessionRoom {
  /** Changed by one task at a time: commits, catch-ups and relayed events all run in this queue. */
  readonly queue = new SerialQueue();
  /** performance.now() of the last command or applied event (idle unload counts from here). */
  lastActive = performance.now();
  /** Command id -> the seqs its first run appended, for the events still in `recent`; built on first need. */
  private commandIndex: Map<string, number[]> | null = null;
  private readonly writer: GroupCommit;
  private readonly due: DueTimer<SessionRoom>;

  constructor(
    readonly id: string,
    public state: SessionState,
    /** The last RECENT_EVENTS events, oldest first; recent[i].seq is contiguous. */
    public recent: StoredEvent[],
    /** The seq of the newest snapshot persisted (read at load, or written by this instance). */
    public snapshotSeq: number,
    private readonly host: RoomHost,
  ) {
    this.writer = new GroupCommit(this, host);
    this.due = new DueTimer(this, host);
  }

  static fromLoaded(id: string, loaded: LoadedState, host: RoomHost): SessionRoom {
    return new SessionRoom(id, loaded.state, loaded.recent, loaded.snapshotSeq, host);
  }

  /** Runs a command through the group commit; resolves once its events are persisted. See SessionHub.execute. */
  execute(by: string | null, decide: Decide, cid?: string, opts: ExecuteOptions = {}): Promise<StoredEvent[]> {
    this.lastActive = performance.now();
    return this.writer.execute(by, decide, cid, opts);
  }

  /** False while a command waits or commits: an unload must never lose a command's turn. */
  canUnload(): boolean {
    return !this.writer.busy;
  }

  /** The store time the room's due timer is armed for; null when nothing in the state is due some day. */
  get dueAt(): number | null {
    return this.due.armed ? this.due.at : null;
  }

  /** (Re)arms the due timer for the state's earliest deadline (after a load, a batch, a new due plan). */
  armDue(): void {
    this.due.arm();
  }

  /** The safety sweep's check: fire now if the deadline passed while the timer still waits. */
  checkDueLate(): void {
    this.due.checkLate();
  }

  /** Released by the hub (forget, unload): the timer is cleared and never armed again. */
  dispose(): void {
    this.due.dispose();
  }

  /** Brings the session up to the store's head (e.g. when told another instance appended). */
  catchUp(): Promise<void> {
    return this.queue.run(() => this.catchUpLocked());
  }

  /**
   * Events relayed by another instance: applied at once when they follow ours without a gap,
   * otherwise read from the log (a relay can be lost or overtaken; the log cannot).
   */
  receiveRemote(events: StoredEvent[]): Promise<void> {
    return this.queue.run(async () => {
      const fresh = events.filter((e) => e.seq > this.state.seq);
      if (fresh.length === 0) return;
      if (fresh[0].seq === this.state.seq + 1 && isContiguous(fresh)) this.applyLocked(fresh);
      else await this.catchUpLocked();
    });
  }

  /** Inside the queue: reads what the log has after our seq and applies it. */
  async catchUpLocked(): Promise<void> {
    const missing = await this.host.store.readLog(this.id, this.state.seq);
    if (missing.length && missing[0].seq > this.state.seq + 1) return this.reloadLocked();
    if (missing.length) this.applyLocked(missing);
  }

  /**
   * This copy fell behind the trimmed start of the log (other instances appended more than a snapshot interval
   * while this one heard nothing): the state is loaded again from the snapshot. Listeners get the tail; clients
   * see the jump in `prev` and sync, which answers with a snapshot since `recent` no longer reaches back.
   */
  private async reloadLocked(): Promise<void> {
    const loaded = await loadSessionState(this.host.store, this.host.log, this.id);
    if (!loaded || loaded.state.seq <= this.state.seq) return;
    this.host.log.info({ sessionId: this.id, from: this.state.seq, to: loaded.state.seq }, 'behind the trimmed log: reloaded from the snapshot');
    this.state = loaded.state;
    this.recent = loaded.recent;
    this.snapshotSeq = Math.max(this.snapshotSeq, loaded.snapshotSeq);
    this.commandIndex = null;
    this.host.applied(this, loaded.recent);
    this.armDue();
  }

  /** Inside the queue: applies events in seq order, keeps `recent` and the command index, tells the listeners. */
  applyLocked(events: StoredEvent[]): void {
    const applied: StoredEvent[] = [];
    for (const e of events) if (applyEvent(this.state, e, (p) => reportApplyProblem(this.host.log, this.id, p))) applied.push(e);
    if (!applied.length) return;
    this.lastActive = performance.now();
    this.recent.push(...applied);
    const index = this.commandIndex;
    if (index) for (const e of applied) indexEvent(index, e);
    if (this.recent.length > RECENT_EVENTS * 1.2) {
      const dropped = this.recent.length - RECENT_EVENTS;
      if (index) for (const e of this.recent.slice(0, dropped)) if (e.cid) index.delete(e.cid);
      this.recent = this.recent.slice(dropped);
    }
    this.host.applied(this, applied);
    // Any batch may set, move or clear a deadline (a poll opened, a countdown announced, a turn ended).
    this.armDue();
  }

  /**
   * Persists the state every SNAPSHOT_EVERY events, from the instance that appended (the others only apply).
   * The JSON is taken now, inside the session's turn, so it is the state at exactly `seq`; the write runs on and a
   * failure only postpones the snapshot to the next append.
   */
  maybeSnapshot(): void {
    if (!snapshotDue(this.state.seq, this.snapshotSeq, this.host.snapshotEvery)) return;
    const seq = this.state.seq;
    this.snapshotSeq = seq;
    this.host.store.saveSnapshot(this.id, seq, JSON.stringify(this.state)).then(
      (stored) => { this.snapshotSeq = Math.max(this.snapshotSeq, stored); },
      (err: unknown) => {
        this.host.log.warn({ err: String(err), sessionId: this.id, seq }, 'snapshot not saved; retried after the next append');
        if (this.snapshotSeq === seq) this.snapshotSeq = 0;
      },
    );
  }

  /** The events the first run of `commandId` appended, when they are applied here and still kept in memory. */
  priorRun(commandId: string): StoredEvent[] | null {
    const seqs = this.indexOfCommands().get(commandId);
    if (!seqs) return null;
    const first = this.recent[0];
    if (!first || seqs[0] < first.seq) return null;
    return seqs.map((q) => this.recent[q - first.seq]);
  }

  /** Events after `sinceSeq` from memory, or null when they are older than what is kept. */
  recentSince(sinceSeq: number): StoredEvent[] | null {
    if (sinceSeq >= this.state.seq) return [];
    const first = this.recent[0];
    if (!first || first.seq > sinceSeq + 1) return null;
    return this.recent.slice(sinceSeq + 1 - first.seq);
  }

  private indexOfCommands(): Map<string, number[]> {
    if (!this.commandIndex) {
      // Built lazily from the events kept in memory (whatever loaded them), then kept up to date on apply.
      this.commandIndex = new Map();
      for (const e of this.recent) indexEvent(this.commandIndex, e);
    }
    return this.commandIndex;
  }
}

/** Ids of commands nobody retries (`auto:`: presence, joins, system work) are not worth remembering. */
function indexEvent(index: Map<string, number[]>, e: StoredEvent): void {
  if (!e.cid || e.cid.startsWith('auto:')) return;
  const seqs = index.get(e.cid);
  if (seqs) seqs.push(e.seq);
  else index.set(e.cid, [e.seq]);
}

function isContiguous(events: StoredEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (events[i].seq !== events[i - 1].seq + 1) return false;
  return true;
}
