import { randomBytes } from 'node:crypto';
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
 * The key this boot of an instance logs its connections under: `<instanceId>#<epoch>`, the epoch new at every
 * process start. An instance restarted under the same INSTANCE_ID (docker-compose fixes it) thus never takes
 * the counts of its previous boot for its own, and can clear them at once (`sweepPreviousBoots`).
 */
export function presenceKeyOf(instanceId: string, epoch: string): string {
  return `${instanceId}#${epoch}`;
}

/** True when `key` is a presence key of the instance name `instanceId` (any boot, or the bare id of older logs). */
export function isKeyOfInstance(key: string, instanceId: string): boolean {
  return key === instanceId || (key.startsWith(`${instanceId}#`) && !key.slice(instanceId.length + 1).includes('#'));
}

/**
 * Who is connected now. Each instance logs the absolute connection counts of its own sockets, batched, so
 * a reconnect storm costs a few log events; it also keeps a heartbeat in the store, and clears the counts
 * of instances whose heartbeat expired (they died without saying goodbye).
 */
export class Presence {
  private dirty = new Map<string, Set<string>>();
  private timers: NodeJS.Timeout[] = [];
  private flushing: Promise<void> | null = null;
  /** This boot's presence key (see presenceKeyOf). */
  readonly key: string;
  /** Sessions already noted in the store for this instance name during this boot. */
  private noted = new Set<string>();

  constructor(private readonly o: PresenceOptions) {
    this.key = presenceKeyOf(o.instanceId, randomBytes(6).toString('hex'));
    this.timers.push(setInterval(() => void this.flush(), o.batchMs ?? 150));
    if (o.multiInstance) {
      this.timers.push(setInterval(() => o.store.heartbeat(this.key, HEARTBEAT_TTL_MS).catch(() => {}), 5_000));
      this.timers.push(setInterval(() => this.clearDeadInstances().catch(() => {}), 10_000));
    }
  }

  /** Before the server listens: heartbeat under this boot's key, then clear what earlier boots left behind. */
  async start(): Promise<void> {
    if (!this.o.multiInstance) return;
    await this.o.store.heartbeat(this.key, HEARTBEAT_TTL_MS).catch(() => {});
    await this.sweepPreviousBoots().catch((err) => {
      // Left to the janitors: an old boot's heartbeat expires like any dead instance's.
      this.o.log.warn({ err: (err as Error).message }, 'previous boots of this instance not swept');
    });
  }

  /**
   * Clears, in every session an earlier boot of this instance name logged presence in, the counts of those
   * boots: nothing of them is connected any more (this boot has no socket yet). The command id names the old
   * key, so several restarts never collide and a retried sweep logs once.
   */
  async sweepPreviousBoots(): Promise<number> {
    let cleared = 0;
    for (const sid of await this.o.store.instanceSessions(this.o.instanceId)) {
      try {
        const rt = await this.o.hub.get(sid);
        if (rt) {
          const old = new Set<string>();
          for (const p of Object.values(rt.state.people)) for (const k of Object.keys(p.connections)) if (k !== this.key && isKeyOfInstance(k, this.o.instanceId)) old.add(k);
          for (const k of old) {
            await this.o.hub.execute(sid, null, (s) => decideInstanceGone(s, k), `gone-${k}`);
            cleared += 1;
          }
        }
        if (!this.noted.has(sid)) await this.o.store.forgetInstanceSession(this.o.instanceId, sid);
      } catch (err) {
        this.o.log.warn({ err: (err as Error).message, sessionId: sid }, 'previous boot presence not cleared; the janitor will');
      }
    }
    return cleared;
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
          // Noted before the first count is logged: a crash right after still leaves the session findable.
          if (!this.noted.has(sid)) {
            await this.o.store.noteInstanceSession(this.o.instanceId, sid);
            this.noted.add(sid);
          }
          await this.o.hub.execute(sid, null, (s) => decidePresence(s, this.key, counts));
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
      // peek, not get: a session unloaded meanwhile (idle) is not loaded again by this walk.
      const rt = this.o.hub.peek(sid);
      if (!rt) continue;
      const others = new Set<string>();
      for (const p of Object.values(rt.state.people)) for (const i of Object.keys(p.connections)) if (i !== this.key) others.add(i);
      for (const i of others) {
        // Unknown is not dead: on a Redis Cluster the heartbeat's master may be the one that is down.
        if (await this.o.store.isAlive(i).catch(() => true)) continue;
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
