import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/**
 * Which Redis a deployment uses: one server (`REDIS_URL`) or a Redis Cluster named by seed nodes
 * (`REDIS_CLUSTER_NODES=host:port,host:port`). Every Redis client of the server is made here, so the store,
 * the session relay and the Socket.IO adapter always speak to the same Redis, the same way.
 */
export type RedisTarget = { kind: 'single'; url: string } | { kind: 'cluster'; nodes: Array<{ host: string; port: number }> };

/** A client of either kind: both run the same commands and Lua scripts (on a cluster, one slot per call). */
export type RedisClient = Redis | Cluster;

/** `host:port,host:port` → seed nodes; null with the reason when an item is not `host:port`. */
export function parseClusterNodes(value: string): { nodes: Array<{ host: string; port: number }> } | { error: string } {
  const nodes: Array<{ host: string; port: number }> = [];
  for (const item of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z0-9_.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(item);
    const port = m ? Number(m[2]) : 0;
    if (!m || port < 1 || port > 65535) return { error: `not host:port: ${item}` };
    nodes.push({ host: m[1].replace(/^\[|\]$/g, ''), port });
  }
  if (!nodes.length) return { error: 'no seed node' };
  return { nodes };
}

export function isCluster(client: RedisClient): client is Cluster {
  return (client as Cluster).isCluster === true;
}

/**
 * A client for `target` with the given per-node options. On a cluster:
 * - the cluster-level offline queue is off like the single client's, so a command issued while the cluster is
 *   unreachable fails at once (UNAVAILABLE) instead of queueing;
 * - `shardedSubscribers` gives SSUBSCRIBE one connection per master, which the session relay and Socket.IO's
 *   sharded adapter need (ioredis ≥ 5.9);
 * - `retryDelayOnFailover` and `maxRedirections` are small: a command for a killed master's slot is retried a
 *   few times (a failover may be under way) and then fails, it does not wait for a replica that may not exist.
 */
export function redisClient(target: RedisTarget, options: RedisOptions, extra: { shardedSubscribers?: boolean } = {}): RedisClient {
  if (target.kind === 'single') return new Redis(target.url, options);
  const { enableOfflineQueue, retryStrategy, lazyConnect, ...perNode } = options;
  const clusterOptions: ClusterOptions = {
    lazyConnect: lazyConnect ?? true,
    enableOfflineQueue: enableOfflineQueue ?? true,
    redisOptions: perNode,
    clusterRetryStrategy: retryStrategy ? (times) => retryStrategy(times) : undefined,
    scaleReads: 'master',
    maxRedirections: CLUSTER_MAX_REDIRECTIONS,
    retryDelayOnFailover: CLUSTER_RETRY_DELAY_MS,
    retryDelayOnClusterDown: CLUSTER_RETRY_DELAY_MS,
    retryDelayOnTryAgain: CLUSTER_RETRY_DELAY_MS,
    slotsRefreshTimeout: 1000,
    shardedSubscribers: extra.shardedSubscribers ?? false,
  };
  return new Cluster(target.nodes, clusterOptions);
}

/** How many times a cluster command is redirected or retried before it fails (ioredis's default is 16). */
export const CLUSTER_MAX_REDIRECTIONS = 4;
/** Pause before a cluster command is retried after a lost node or CLUSTERDOWN, in ms. */
export const CLUSTER_RETRY_DELAY_MS = 100;

/** The master nodes of a cluster, or the single client itself: where a SCAN must run to see every key. */
export function masters(client: RedisClient): Redis[] {
  return isCluster(client) ? client.nodes('master') : [client];
}

/**
 * Masters of a cluster whose connection ended and did not come back (ioredis drops a node from its pool when its
 * connection ends: `-node`; a new connection to it announces `+node` and then `ready` if the node answers).
 */
export class LostMasters {
  private readonly lost = new Map<string, number>();

  constructor(cluster: Cluster) {
    const key = (r: Redis) => `${r.options.host}:${r.options.port}`;
    // The first loss counts: each failed reconnection attempt drops the node again, and must not make it "newly" lost.
    cluster.on('-node', (r: Redis) => { if (!this.lost.has(key(r))) this.lost.set(key(r), performance.now()); });
    cluster.on('+node', (r: Redis) => r.once('ready', () => this.lost.delete(key(r))));
  }

  /** True when a master was lost before `since` (performance.now()) and has not answered since. */
  anyLostBefore(since: number): boolean {
    for (const at of this.lost.values()) if (at < since) return true;
    return false;
  }
}

/** Prefix of a failure that certainly changed nothing (see guardedStore's NEVER_SENT). */
export const NEVER_SENT_PREFIX = 'Never sent:';

/**
 * A command for a slot whose master is gone (killed, no replica promoted) is bounced between the survivors' MOVED
 * replies and refused connections until ioredis gives up ("Too many Cluster redirections"); its last error may
 * read "Connection is closed.", which alone would mean "maybe applied". When the call started after the master
 * was already lost, no attempt can have reached it: the failure is relabelled as never sent, so the session's
 * writes fail as UNAVAILABLE (retryable, certainly not applied), not OUTCOME_UNKNOWN.
 */
export function relabelLostMasterFailures<T extends object>(target: T, cluster: Cluster, methods: string[]): void {
  const lost = new LostMasters(cluster);
  const record = target as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of methods) {
    const original = record[name];
    if (typeof original !== 'function') continue;
    record[name] = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        return await original.apply(target, args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (/Too many Cluster redirections/.test(message) && lost.anyLostBefore(started)) throw new Error(`${NEVER_SENT_PREFIX} the master of this slot is unreachable (${message})`);
        throw err;
      }
    };
  }
}
