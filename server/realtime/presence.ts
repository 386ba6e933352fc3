import type { Logger } from 'pino';
import { decideInstanceGone, decidePresence } from '../capabilities/people/decide.js';
import type { SessionHub } from '../sessions/SessionHub.js';
import type { Store } from '../store/Store.js';
import type { LocalConnections } from './localConnections.js';

export interface PresenceOptions {
  hub: SessionHub;
  store: Store;
  local: LocalConnections;
  instanceId: string;
  log: Logger;
  /** How long connection changes are gathered before one event logs them all. */
  batchMs?: number;
  /** Run the heartbeat and the dead-instance janitor (only meaningful with several instances). */
  multiInstance: boolean;
}

const HEARTBEAT_TTL_MS = 15_000;

/**
 * Who is connected now. Each instance logs the absolute connection counts of its own sockets, batched, so
 * a reconnect storm costs a few log events; it also keeps a heartbeat in the store, and clears the counts
 * of instances whose heartbeat expired (they died without saying goodbye).
 */
export class Presence {
  private dirty = new Map<string, Set<string>>();
  private timers: NodeJS.Timeout[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly o: PresenceOptions) {
    this.timers.push(setInterval(() => void this.flush(), o.batchMs ?? 150));
    if (o.multiInstance) {
      this.timers.push(setInterval(() => o.store.heartbeat(o.instanceId, HEARTBEAT_TTL_MS).catch(() => {}), 5_000));
      this.timers.push(setInterval(() => this.clearDeadInstances().catch(() => {}), 10_000));
    }
  }

  async start(): Promise<void> {
    if (this.o.multiInstance) await this.o.store.heartbeat(this.o.instanceId, HEARTBEAT_TTL_MS).catch(() => {});
  }

  changed(sessionId: string, personId: string): void {
    let set = this.dirty.get(sessionId);
    if (!set) this.dirty.set(sessionId, (set = new Set()));
    set.add(personId);
  }

  /** Logs the gathered changes; whatever could not be logged (store down) is retried at the next flush. */
  flush(): Promise<void> {
    if (this.flushing || this.dirty.size === 0) return this.flushing ?? Promise.resolve();
    const batch = this.dirty;
    this.dirty = new Map();
    this.flushing = (async () => {
      for (const [sid, people] of batch) {
        const counts = Object.fromEntries([...people].map((pid) => [pid, this.o.local.of(sid, pid).length]));
        try {
          await this.o.hub.execute(sid, null, (s) => decidePresence(s, this.o.instanceId, counts));
        } catch (err) {
          this.o.log.warn({ err: (err as Error).message, sessionId: sid }, 'presence not recorded; will retry');
          for (const pid of people) this.changed(sid, pid);
        }
      }
    })().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async clearDeadInstances(): Promise<void> {
    for (const sid of this.o.hub.loaded()) {
      const rt = await this.o.hub.get(sid);
      if (!rt) continue;
      const others = new Set<string>();
      for (const p of Object.values(rt.state.people)) for (const i of Object.keys(p.connections)) if (i !== this.o.instanceId) others.add(i);
      for (const i of others) {
        if (await this.o.store.isAlive(i)) continue;
        this.o.log.info({ sessionId: sid, deadInstance: i }, 'clearing presence of a dead instance');
        // A deterministic command id: when several survivors notice at once, the log gets one event.
        await this.o.hub.execute(sid, null, (s) => decideInstanceGone(s, i), `gone-${i}`);
      }
    }
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.flushing;
  }
}
