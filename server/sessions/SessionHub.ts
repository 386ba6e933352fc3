import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { applyEvent, type ApplyProblem } from '../../shared/domain/apply.js';
import type { NewEvent, StoredEvent } from '../../shared/domain/eventTypes.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';
import { DomainError } from '../../shared/protocol/errors.js';
import type { Store } from '../store/Store.js';
import { SerialQueue } from './SerialQueue.js';
import { firstInvalidEvent } from './eventCheck.js';

/** How many recent events each instance keeps per session to replay to reconnecting clients. */
export const RECENT_EVENTS = 5000;
const MAX_CONFLICT_RETRIES = 50;

export interface SessionRuntime {
  id: string;
  state: SessionState;
  /** The last RECENT_EVENTS events, oldest first; recent[i].seq is contiguous. */
  recent: StoredEvent[];
  queue: SerialQueue;
}

/** Decides the events of a command from the current state; throws DomainError to refuse. Pure. */
export type Decide = (state: SessionState) => NewEvent[];

export type AppliedListener = (runtime: SessionRuntime, events: StoredEvent[]) => void;

/**
 * Holds the sessions this instance serves, in memory, and keeps them equal to the store's log.
 * Commands: decide on local state -> append with optimistic concurrency -> apply -> notify.
 * On a conflict (another instance appended first) it catches up from the log and decides again.
 */
export class SessionHub {
  private sessions = new Map<string, Promise<SessionRuntime | null>>();
  private listeners: AppliedListener[] = [];
  private appendedListeners: Array<(sessionId: string, events: StoredEvent[]) => void> = [];

  constructor(
    readonly store: Store,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  onApplied(listener: AppliedListener): void {
    this.listeners.push(listener);
  }

  /** Called with the events this instance itself appended (to relay them to the other instances). */
  onAppended(listener: (sessionId: string, events: StoredEvent[]) => void): void {
    this.appendedListeners.push(listener);
  }

  loaded(): string[] {
    return [...this.sessions.keys()];
  }

  /** The session's runtime, loaded from the log on first use; null when the session does not exist. */
  get(sessionId: string): Promise<SessionRuntime | null> {
    let p = this.sessions.get(sessionId);
    if (!p) {
      p = this.load(sessionId);
      this.sessions.set(sessionId, p);
      // A failed load (store down) must not stick: the next caller tries again.
      p.then((r) => { if (!r) this.sessions.delete(sessionId); }, () => this.sessions.delete(sessionId));
    }
    return p;
  }

  async require(sessionId: string): Promise<SessionRuntime> {
    const rt = await this.get(sessionId);
    if (!rt) throw new DomainError('SESSION_NOT_FOUND');
    return rt;
  }

  private async load(sessionId: string): Promise<SessionRuntime | null> {
    const events = await this.store.readLog(sessionId, 0);
    if (events.length === 0) return null;
    const rt: SessionRuntime = { id: sessionId, state: emptySessionState(sessionId), recent: [], queue: new SerialQueue() };
    for (const e of events) applyEvent(rt.state, e, (p) => this.reportProblem(sessionId, p));
    rt.recent = events.slice(-RECENT_EVENTS);
    return rt;
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
   * (so the caller may ack). `cid` makes a retried command return the first run's events.
   */
  async execute(sessionId: string, by: string | null, decide: Decide, cid?: string): Promise<StoredEvent[]> {
    const rt = await this.require(sessionId);
    // A command id per execution, even without a client one: if ioredis re-sends our append after a
    // reconnect, the store recognises it instead of appending twice.
    const commandId = cid ? `${by ?? 'sys'}:${cid}` : `auto:${randomUUID()}`;
    return rt.queue.run(async () => {
      for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
        const events = decide(rt.state);
        if (events.length === 0) return [];
        this.assertValid(sessionId, events);
        const res = await this.store.append(sessionId, rt.state.seq, events, { at: this.now(), by, cid: commandId });
        if (res.ok) {
          if (res.duplicate) {
            await this.catchUpLocked(rt);
            return res.events;
          }
          this.applyLocked(rt, res.events);
          for (const l of this.appendedListeners) l(sessionId, res.events);
          return res.events;
        }
        await this.catchUpLocked(rt);
      }
      throw new DomainError('UNAVAILABLE', 'too much contention on this session; retry');
    });
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
    if (missing.length) this.applyLocked(rt, missing);
  }

  private applyLocked(rt: SessionRuntime, events: StoredEvent[]): void {
    const applied: StoredEvent[] = [];
    for (const e of events) if (applyEvent(rt.state, e, (p) => this.reportProblem(rt.id, p))) applied.push(e);
    if (!applied.length) return;
    rt.recent.push(...applied);
    if (rt.recent.length > RECENT_EVENTS * 1.2) rt.recent = rt.recent.slice(-RECENT_EVENTS);
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

function isContiguous(events: StoredEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (events[i].seq !== events[i - 1].seq + 1) return false;
  return true;
}
