import { io, type Socket } from 'socket.io-client';
import { applyEvent } from '../../../shared/domain/apply.js';
import { applyRosterDigest } from '../../../shared/domain/people/roster.js';
import type { RosterDigestMessage } from '../../../shared/protocol/commands/people.js';
import type { WireEvent } from '../../../shared/domain/eventTypes.js';
import type { SessionState } from '../../../shared/domain/state.js';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version.js';
import type { WireError } from '../../../shared/protocol/errors.js';
import type { Ack, ClientToServerEvents, CommandName, CommandPayload, CommandResult, ServerToClientEvents } from '../../../shared/protocol/registry.js';
import { Outbox, type OutboxEntry } from './outbox.js';
import { RefusedActions } from './refusedActions.js';
import { classifyOutcome, retryDelayMs } from './retryPolicy.js';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';

/** Codes after which reconnecting cannot help: the connection is closed for good. */
const FATAL = new Set(['REMOVED', 'UNAUTHENTICATED', 'TOKEN_EXPIRED', 'TOKEN_REVOKED', 'PROTOCOL_TOO_OLD', 'PROTOCOL_TOO_NEW', 'SESSION_NOT_FOUND']);
/** Codes that say the person is no longer in the session: what waits in the outbox can never be sent. */
const OUT_OF_SESSION = new Set(['REMOVED', 'UNAUTHENTICATED', 'TOKEN_EXPIRED', 'TOKEN_REVOKED', 'SESSION_NOT_FOUND']);
const ACK_TIMEOUT_MS = 8000;

export interface ConnectionOptions {
  token: string;
  url?: string;
  /** Key under which unsent commands are kept across reloads (per person). */
  storageKey?: string;
  storage?: Storage | null;
}

type Listener = () => void;
type SyncReply = CommandResult<'session:sync'>;

/**
 * One person's live link to a session: handshake, catch-up after every (re)connect, the session state
 * kept by applying the same events as the server, and an outbox so that what the person does while the
 * link is down is sent once it returns (each command keeps its id, so a retry is never applied twice).
 */
export class SessionConnection {
  status: ConnectionStatus = 'connecting';
  closedReason: WireError | null = null;
  state: SessionState | null = null;
  personId: string | null = null;
  /** serverTime - clientTime, estimated at each connect. */
  clockOffsetMs = 0;
  /** Bumped on every change, for React's useSyncExternalStore. */
  version = 0;

  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private listeners = new Set<Listener>();
  private eventListeners = new Set<(e: WireEvent) => void>();
  private syncing = false;
  /** `session:sync` round trips asked so far, and how many of them a gap in the live stream caused (diagnostics, tests). */
  syncs = 0;
  gapSyncs = 0;
  private buffered: WireEvent[] = [];
  readonly outbox: Outbox;
  /** Definite refusals of actions that had waited, kept until the person dismisses them. */
  readonly refused: RefusedActions;
  private flushing = false;
  /** The next attempt of the outbox's first entry after a failed one (backoff); cleared by a reconnect. */
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped at every (re)connect, so an attempt that failed across a reconnect is retried at once. */
  private connects = 0;

  constructor(opts: ConnectionOptions) {
    const storage = opts.storage === undefined ? safeLocalStorage() : opts.storage;
    this.outbox = new Outbox(opts.storageKey ?? null, storage);
    this.refused = new RefusedActions(opts.storageKey ? `${opts.storageKey}:refused` : null, storage);
    this.socket = io(opts.url ?? '', {
      auth: { token: opts.token, protocol: PROTOCOL_VERSION },
      // WebSocket only: no sticky sessions needed behind a load balancer, and no long-polling on phones.
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      randomizationFactor: 0.5,
      forceNew: true,
    });
    this.socket.on('connect', () => void this.onConnect());
    this.socket.on('disconnect', (reason) => {
      if (this.status === 'closed') return;
      this.setStatus(reason === 'io client disconnect' ? 'closed' : 'reconnecting');
      // Socket.IO does not reconnect by itself after the server closed the socket on purpose. When that was
      // not a removal (which arrives as session:closing first), it was an instance stopping: come back,
      // with jitter so that a whole hall does not reconnect in the same millisecond.
      if (reason === 'io server disconnect') setTimeout(() => this.status !== 'closed' && this.socket.connect(), 200 + Math.random() * 1000);
    });
    this.socket.on('connect_error', (err: Error & { data?: WireError }) => {
      const code = err.data?.code;
      if (code && FATAL.has(code)) {
        this.close({ code, message: err.data!.message });
        return;
      }
      this.setStatus(typeof navigator !== 'undefined' && navigator.onLine === false ? 'offline' : 'reconnecting');
      // A refusal by the server's handshake (store unavailable, instance stopping, rate limit) stops Socket.IO's
      // own reconnection: retry ourselves, with growing jittered delays.
      if (code && !this.socket.active) this.retryLater();
    });
    this.socket.on('connect', () => (this.refusals = 0));
    this.socket.on('session:closing', (msg) => this.close(msg as WireError));
    this.socket.on('session:event', (e) => this.onEvent(e as WireEvent));
    // What this person may see widened: the server pushes the new view (history included), applied as a sync reply.
    this.socket.on('session:view', (view) => {
      this.adopt(view);
      this.changed();
    });
    // The same from a server that asks instead of pushing: a snapshot brings the history they could not see.
    this.socket.on('session:resync', () => void this.sync(null).then((ok) => ok && this.changed()));
    this.socket.on('people:digest', (d) => this.onDigest(d));
  }

  /**
   * Roster news for a participant (joins, connections and moves of the people in its view, and the counts),
   * which the server coalesces instead of sending each event. One that arrives while a sync is on its way is
   * older than the sync's answer (sent before it on the same socket): the snapshot, or the full digest that
   * follows a replay, supersedes it.
   */
  private onDigest(d: RosterDigestMessage) {
    if (this.syncing || !this.state) return;
    applyRosterDigest(this.state, d);
    this.changed();
  }

  private refusals = 0;

  private retryLater() {
    const delay = Math.min(500 * 2 ** this.refusals++, 8000) * (0.5 + Math.random());
    setTimeout(() => this.status !== 'closed' && !this.socket.connected && this.socket.connect(), delay);
  }

  /** A new token for the next handshakes (links re-issued by this moderator: the open socket stays as it is). */
  replaceToken(token: string): void {
    (this.socket.auth as { token: string }).token = token;
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Every applied event, for views that react to a moment (a new poll, "you have the floor"). */
  onSessionEvent(l: (e: WireEvent) => void): () => void {
    this.eventListeners.add(l);
    return () => this.eventListeners.delete(l);
  }

  serverNow(): number {
    return Date.now() + this.clockOffsetMs;
  }

  private changed() {
    this.version++;
    for (const l of this.listeners) l();
  }

  private setStatus(s: ConnectionStatus) {
    if (this.status === s) return;
    this.status = s;
    this.changed();
  }

  close(reason: WireError | null = null) {
    this.closedReason = reason;
    this.status = 'closed';
    this.clearRetry();
    // Out of the session for good: nothing waiting can be sent any more (the frame says why). Other closes
    // (the view unmounting, a protocol mismatch that a reload fixes) keep the outbox for the next page.
    if (reason && OUT_OF_SESSION.has(reason.code)) this.outbox.settleAll({ ok: false, error: reason });
    // Removed: nothing of the session stays in memory either (the view shows a clean "you have left" page).
    if (reason?.code === 'REMOVED') this.state = null;
    this.socket.disconnect();
    this.changed();
  }

  private async onConnect() {
    // Buffer live events from the first moment: until the sync below, the state may lack what was missed.
    this.syncing = true;
    try {
      const sentAt = Date.now();
      const time = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('time:sync', { clientSentAt: sentAt });
      if (time.ok) this.clockOffsetMs = time.serverTime - (sentAt + Date.now()) / 2;
    } catch {
      // Keep the previous offset; the sync below decides whether this connection is usable.
    }
    if (!(await this.sync(this.state?.seq ?? null))) return;
    this.connects++;
    this.setStatus('connected');
    this.changed();
    // What waits is tried at once on a fresh link, whatever its backoff step was.
    this.clearRetry();
    void this.flush();
  }

  /**
   * Catches up: the missed events after `sinceSeq`, or a snapshot (null). Live events arriving meanwhile are
   * buffered and applied after it. False when the ack was lost (the socket reconnects and syncs again).
   */
  private async sync(sinceSeq: number | null): Promise<boolean> {
    this.syncing = true;
    this.syncs++;
    try {
      const res = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('session:sync', { sinceSeq });
      if (!res.ok) {
        if (FATAL.has(res.error.code)) this.close(res.error);
        return false;
      }
      this.adopt(res);
      for (const e of this.buffered) this.applyOne(e);
      return true;
    } catch {
      return false;
    } finally {
      this.syncing = false;
      this.buffered = [];
    }
  }

  /**
   * A catch-up from the server (a sync reply, or a pushed view): a snapshot replaces the state, events are applied.
   * Events it already holds, live or buffered during a sync, are skipped by seq when they come.
   */
  private adopt(res: SyncReply) {
    this.personId = res.personId;
    if (res.replay.kind === 'snapshot') this.state = res.replay.state as SessionState;
    else for (const e of res.replay.events) this.applyOne(e as WireEvent);
  }

  private onEvent(e: WireEvent) {
    if (this.syncing || !this.state) {
      this.buffered.push(e);
      return;
    }
    // A jump in seq is a gap only when the server says it sent something this page has not applied (`prev`):
    // the events in between were for other rooms or roles. Without `prev` (an older server) any jump is one.
    if (e.seq > this.state.seq + 1 && (e.prev === undefined || e.prev > this.state.seq)) {
      this.gapSyncs++;
      // A gap (should not happen on one connection, but never apply past one): catch up, then apply.
      void this.sync(this.state.seq).then(() => {
        this.applyOne(e);
        this.changed();
      });
      return;
    }
    this.applyOne(e);
    this.changed();
  }

  private applyOne(e: WireEvent) {
    if (!this.state) return;
    let damaged = false;
    const applied = applyEvent(this.state, e, (p) => {
      // Skipped (and, when it failed, listed in state.damaged for the moderators' notice): the page goes on.
      damaged = true;
      console.warn(`session event ${p.event.seq} (${String(p.event.type).slice(0, 60)}) skipped: ${p.kind}`, p.error ?? '');
    });
    if (!applied || damaged) return;
    // A view's listener that throws must not abort the catch-up loop that called us (the page would stay at
    // "Connecting…"): the state is already applied, only that view's reaction is lost.
    for (const l of this.eventListeners) {
      try {
        l(e);
      } catch (err) {
        console.warn('session event listener failed', err);
      }
    }
  }

  /**
   * Sends a command through the outbox: kept (across reloads) until the server answers it definitely, sent in
   * the order made, and tried again with the same command id, which the server recognises, after a lost ack or
   * a retryable refusal, for as long as it takes (capped backoff; at once after a reconnect). Resolves with the
   * definite answer: ok, or a refusal that is not retryable.
   */
  request<N extends CommandName>(name: N, payload: Omit<CommandPayload<N>, 'cid'>): Promise<Ack<N>> {
    // Not answerable at once if the link is down or others wait before it: a refusal will be told in the frame.
    const waited = this.status !== 'connected' || this.outbox.size > 0;
    const entry = this.outbox.add(name, payload as Record<string, unknown>, waited);
    this.changed();
    // While a backoff runs, the new action waits its turn behind the first (order), without cutting the backoff short.
    if (!this.retryTimer) void this.flush();
    return entry.done as Promise<Ack<N>>;
  }

  /**
   * A read that is only worth its answer now (opening a worksheet): sent at once when connected, never queued
   * in the outbox (it would show as a waiting action and answer stale); null when offline or unanswered.
   * Callers read again when the link returns.
   */
  async query<N extends CommandName>(name: N, payload: Omit<CommandPayload<N>, 'cid'>): Promise<Ack<N> | null> {
    if (this.status !== 'connected') return null;
    try {
      const timed = this.socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(n: string, p: unknown): Promise<Ack<N>> };
      return await timed.emitWithAck(name, payload);
    } catch {
      return null;
    }
  }

  /** Actions not yet answered definitely. */
  get pending(): number {
    return this.outbox.size;
  }

  /**
   * Something waits that could not be sent at once: the link is down, or the first action already failed an
   * attempt (a stalled store answers refusals while the link stays up). Before that, the action is just being sent.
   */
  get outboxWaiting(): boolean {
    const head = this.outbox.peek();
    return !!head && (this.status !== 'connected' || head.failures > 0);
  }

  /** The person read the notice of a refused action. */
  dismissRefused(cid: string) {
    this.refused.dismiss(cid);
    this.changed();
  }

  /** Read afresh: the status changes while an attempt awaits (TypeScript would keep the loop's narrowing). */
  private isClosed(): boolean {
    return this.status === 'closed';
  }

  private clearRetry() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async flush() {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.status === 'connected' && this.socket.connected) {
        const entry = this.outbox.peek();
        if (!entry) break;
        const link = this.connects;
        const ack = await this.attempt(entry);
        const outcome = classifyOutcome(ack);
        // Closed while it waited (removed, unmounted): nothing more to try on this connection.
        if (this.isClosed()) break;
        if (outcome.kind === 'retry') {
          this.outbox.failed(entry);
          this.changed();
          // The link was renewed while this attempt waited (its ack died with the old socket): try again now.
          if (link !== this.connects) continue;
          this.clearRetry();
          this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            void this.flush();
          }, retryDelayMs(entry.failures));
          break;
        }
        if (outcome.kind === 'refused' && entry.waited) this.refused.add(entry, outcome.error);
        this.outbox.settle(entry, ack);
        this.changed();
      }
    } finally {
      this.flushing = false;
    }
  }

  /** One attempt: the ack, or null when none came (timeout, or the socket closed while waiting). */
  private async attempt(entry: OutboxEntry): Promise<{ ok: boolean; error?: WireError } | null> {
    try {
      // Called as a method: emitWithAck needs its `this` (a detached reference threw, so nothing was ever sent).
      const timed = this.socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck(n: string, p: unknown): Promise<{ ok: boolean; error?: WireError }> };
      return await timed.emitWithAck(entry.name, { ...entry.payload, cid: entry.cid });
    } catch {
      return null;
    }
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
