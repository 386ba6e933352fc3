import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Audience } from '../../shared/domain/audience.js';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import { keys } from '../store/keys.js';
import { isCluster, type RedisClient } from '../store/redisConnection.js';

/**
 * What instances tell each other about one session, on that session's own channel:
 * - `appended`: events this instance appended (the others apply them, or read the log on a gap);
 * - `emit`: a transient message (live results, worksheet updates, pulses) for the audience's sockets;
 * - `deleted`: the session was deleted: drop it and close its sockets.
 */
export type RelayMessage =
  | { kind: 'appended'; events: StoredEvent[] }
  | { kind: 'emit'; audience: Audience; event: string; payload: unknown }
  | { kind: 'deleted' };

type Envelope = RelayMessage & { origin: string };

export interface SessionRelayOptions {
  /** Publishes (any client; on a cluster a `Cluster`, SPUBLISH goes to the channel's master). */
  pub: RedisClient;
  /** Subscribes (a connection in subscriber mode; on a cluster a `Cluster` with `shardedSubscribers`). */
  sub: RedisClient;
  instanceId: string;
  log: Logger;
  onMessage: (sessionId: string, message: RelayMessage) => void;
}

/**
 * One pub/sub channel per session (`dr:{sid}:relay`, issue 20), instead of one channel for every session:
 * - an instance hears only the sessions it holds: it subscribes when the hub loads a session and unsubscribes
 *   when the hub drops it (`unsubscribe`), so the relay traffic an instance receives, and its subscriptions,
 *   follow its own sessions, not the deployment's;
 * - the channel carries the session's hash tag, so on a Redis Cluster it is a sharded channel (SSUBSCRIBE /
 *   SPUBLISH) served by the master that holds the session's keys: a killed master silences only its own
 *   sessions, and the relay load spreads over the masters with the sessions. On one Redis: SUBSCRIBE / PUBLISH.
 * Delivery stays at most once: the log is the truth and every instance catches up from it (SessionHub).
 * Every message carries its origin (this boot of this instance), and an instance drops its own echoes.
 */
export class SessionRelay {
  /** This boot of this instance: a restart under the same INSTANCE_ID does not take the old boot's echoes for its own. */
  readonly origin: string;
  private readonly channels = new Map<string, string>();
  private readonly sharded: boolean;
  private closed = false;

  constructor(private readonly o: SessionRelayOptions) {
    this.origin = `${o.instanceId}#${randomBytes(4).toString('hex')}`;
    this.sharded = isCluster(o.sub);
    const receive = (channel: string, raw: string) => {
      const sessionId = this.channels.get(channel);
      if (sessionId !== undefined) this.receive(sessionId, raw);
    };
    if (this.sharded) o.sub.on('smessage', receive);
    else o.sub.on('message', receive);
  }

  /** Starts hearing a session's relay (idempotent). Resolves once Redis confirmed the subscription. */
  async subscribe(sessionId: string): Promise<void> {
    const channel = keys.relay(sessionId);
    if (this.closed || this.channels.get(channel) === sessionId) return;
    this.channels.set(channel, sessionId);
    try {
      if (this.sharded) await (this.o.sub as unknown as { ssubscribe(c: string): Promise<unknown> }).ssubscribe(channel);
      else await this.o.sub.subscribe(channel);
    } catch (err) {
      // Not subscribed: forget it, so the next load of the session tries again (its log is still caught up).
      if (this.channels.get(channel) === sessionId) this.channels.delete(channel);
      throw err;
    }
  }

  /**
   * Stops hearing a session's relay: call it whenever this instance stops holding the session (deletion, idle
   * unload). SessionHub's `forget` does, through `onDropped`. A failure is logged: a stale subscription only
   * costs messages that are dropped on arrival (the session is no longer in `channels`).
   */
  unsubscribe(sessionId: string): void {
    const channel = keys.relay(sessionId);
    if (!this.channels.delete(channel) || this.closed) return;
    const sent = this.sharded ? (this.o.sub as unknown as { sunsubscribe(c: string): Promise<unknown> }).sunsubscribe(channel) : this.o.sub.unsubscribe(channel);
    sent.catch((err: Error) => this.o.log.warn({ err: err.message, sessionId }, 'relay unsubscribe failed'));
  }

  /** Sessions whose relay this instance hears. */
  subscribed(): string[] {
    return [...this.channels.values()];
  }

  /** Fire and forget: a lost relay is caught up from the log; a failure is logged. */
  publish(sessionId: string, message: RelayMessage): void {
    if (this.closed) return;
    const body = JSON.stringify({ ...message, origin: this.origin });
    const channel = keys.relay(sessionId);
    const sent = this.sharded ? (this.o.pub as unknown as { spublish(c: string, m: string): Promise<unknown> }).spublish(channel, body) : this.o.pub.publish(channel, body);
    sent.catch((err: Error) => this.o.log.warn({ err: err.message, sessionId, kind: message.kind }, 'relay publish failed'));
  }

  private receive(sessionId: string, raw: string): void {
    let msg: Envelope;
    try {
      msg = JSON.parse(raw) as Envelope;
    } catch {
      this.o.log.warn({ sessionId }, 'relay message is not JSON');
      return;
    }
    if (!msg || typeof msg !== 'object' || msg.origin === this.origin) return;
    if (msg.kind === 'appended' && !Array.isArray(msg.events)) return;
    if (msg.kind === 'emit' && (typeof msg.event !== 'string' || !msg.audience || typeof msg.audience !== 'object')) return;
    if (msg.kind !== 'appended' && msg.kind !== 'emit' && msg.kind !== 'deleted') return;
    this.o.onMessage(sessionId, msg);
  }

  /** Unsubscribes from everything (the connections are closed by their owner). */
  async close(): Promise<void> {
    if (this.closed) return;
    const channels = [...this.channels.keys()];
    this.channels.clear();
    this.closed = true;
    if (!channels.length) return;
    const sub = this.o.sub as unknown as { sunsubscribe(...c: string[]): Promise<unknown>; unsubscribe(...c: string[]): Promise<unknown> };
    // On a cluster SUNSUBSCRIBE takes channels of one slot per call.
    if (this.sharded) await Promise.all(channels.map((c) => sub.sunsubscribe(c).catch(() => undefined)));
    else await sub.unsubscribe(...channels).catch(() => undefined);
  }
}
