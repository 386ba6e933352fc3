import { io, type Socket } from 'socket.io-client';
import { applyEvent } from '../../shared/domain/apply.js';
import type { WireEvent } from '../../shared/domain/eventTypes.js';
import type { SessionState } from '../../shared/domain/state.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { applyRosterDigest } from '../../shared/domain/people/roster.js';
import type { RosterDigestMessage } from '../../shared/protocol/commands/people.js';

/**
 * A real Socket.IO client that keeps a session state the way the web client does:
 * sync after each connect, then apply live events in order.
 */
export class TestClient {
  socket: Socket;
  state: SessionState | null = null;
  events: WireEvent[] = [];
  raw: Array<{ event: string; args: unknown[] }> = [];
  personId: string | null = null;
  private syncing = false;
  private buffered: WireEvent[] = [];

  constructor(
    readonly url: string,
    readonly token: string,
    opts: { protocol?: number; autoConnect?: boolean } = {},
  ) {
    this.socket = io(url, {
      auth: { token, protocol: opts.protocol ?? PROTOCOL_VERSION },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      autoConnect: opts.autoConnect ?? true,
    });
    this.socket.onAny((event, ...args) => this.raw.push({ event, args }));
    this.socket.on('session:resync', () => void this.sync(null).catch(() => undefined));
    // A widened view pushed by the server: applied like a sync reply (events it already holds are skipped later).
    this.socket.on('session:view', (res) => this.applyReply(res));
    // Roster news for participants (issue 20), applied as the web client does: one arriving during a sync is
    // older than the sync's answer and dropped.
    this.socket.on('people:digest', (d: RosterDigestMessage) => {
      if (!this.syncing && this.state) applyRosterDigest(this.state, d);
    });
    this.socket.on('session:event', (e: WireEvent) => {
      this.events.push(e);
      if (this.syncing || !this.state) this.buffered.push(e);
      else applyEvent(this.state, e);
    });
  }

  /** Connects and syncs; resolves with the sync ack. */
  async ready(sinceSeq: number | null = this.state?.seq ?? null) {
    if (!this.socket.connected) {
      await new Promise<void>((resolve, reject) => {
        this.socket.once('connect', () => resolve());
        this.socket.once('connect_error', (err) => reject(err));
        if (!this.socket.active) this.socket.connect();
      });
    }
    return this.sync(sinceSeq);
  }

  async sync(sinceSeq: number | null) {
    this.syncing = true;
    this.buffered = [];
    try {
      const res = await this.request('session:sync', { sinceSeq });
      if (!res.ok) throw new Error(`sync refused: ${JSON.stringify(res)}`);
      this.applyReply(res);
      for (const e of this.buffered) applyEvent(this.state!, e);
      return res;
    } finally {
      this.syncing = false;
      this.buffered = [];
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private applyReply(res: any) {
    this.personId = res.personId;
    if (res.replay.kind === 'snapshot') this.state = res.replay.state;
    else for (const e of res.replay.events) applyEvent(this.state!, e);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  request(name: string, payload?: unknown): Promise<any> {
    return this.socket.timeout(10_000).emitWithAck(name, payload);
  }

  /** Waits until the predicate holds on the state (checked on every event), or fails after `ms`. */
  async until(pred: (s: SessionState) => boolean, ms = 5000): Promise<void> {
    const start = Date.now();
    while (!(this.state && pred(this.state))) {
      if (Date.now() - start > ms) throw new Error('condition not reached in time');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close() {
    this.socket.disconnect();
  }
}

/** Waits until `check` stops throwing (a retry-until helper instead of fixed sleeps). */
export async function eventually<T>(check: () => T | Promise<T>, ms = 5000, every = 20): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() - start > ms) throw err;
      await new Promise((r) => setTimeout(r, every));
    }
  }
}

export function connectError(url: string, auth: unknown): Promise<{ message: string; data?: { code: string } }> {
  return new Promise((resolve, reject) => {
    const s = io(url, { auth: auth as object, transports: ['websocket'], forceNew: true, reconnection: false });
    s.on('connect', () => {
      s.disconnect();
      reject(new Error('connected but should have been refused'));
    });
    s.on('connect_error', (err: Error & { data?: { code: string } }) => {
      s.disconnect();
      resolve({ message: err.message, data: err.data });
    });
  });
}
