import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './http/clientAddress.js';
import { parseClusterNodes, type RedisTarget } from './store/redisConnection.js';

const Bool = z.enum(['1', '0', 'true', 'false', 'yes', 'no']).transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Base URL printed in links; defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  /** Set it to run several instances on one Redis; unset runs the embedded default, kept on disk in DATA_DIR. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  /**
   * Or a Redis Cluster instead of one Redis: seed nodes `host:port,host:port` (any masters; the rest is discovered).
   * Each session's keys and relay channel carry its hash tag, so a session lives on one master.
   */
  REDIS_CLUSTER_NODES: z.string().max(4000).optional().transform((v, ctx) => {
    if (v === undefined) return undefined;
    const r = parseClusterNodes(v);
    if ('error' in r) {
      ctx.addIssue({ code: 'custom', message: r.error });
      return z.NEVER;
    }
    return r.nodes;
  }),
  /** Where the embedded default keeps sessions (and its generated secrets); unused with REDIS_URL. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Needed to create sessions over HTTP; generated and printed when unset on the embedded default. */
  ORGANISER_KEY: z.string().min(16, 'at least 16 characters').optional(),
  /** Signs person tokens; every instance of one deployment must share it. */
  TOKEN_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Create the demo session at start (default: on for the embedded store). */
  DEMO: Bool.optional(),
  INSTANCE_ID: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
  /** Open connections allowed from one address (a whole hall may share one address behind NAT). */
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(1000),
  /** Joins accepted per client address and minute (a whole hall may share one address behind NAT). */
  JOINS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Commands one connection may send per second on average, and in a burst. */
  COMMANDS_PER_SECOND: z.coerce.number().positive().default(20),
  COMMAND_BURST: z.coerce.number().int().min(1).default(60),
  /** Longest wait for one Redis command, in ms; a write not answered by then is OUTCOME_UNKNOWN. */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(50).default(2500),
  /**
   * How long after it arrived a command is still worth running, in ms: the clients' ack timeout
   * (ACK_TIMEOUT_MS in client/src/net/connection.ts). A command still queued after that is dropped unrun.
   */
  COMMAND_DEADLINE_MS: z.coerce.number().int().min(100).default(8000),
  /** Most commands of one session appended together in one store call (group commit; 1: one by one). */
  COMMIT_BATCH_MAX: z.coerce.number().int().min(1).max(1000).default(200),
  /** Commands one person may send per 10 s, all their sockets on every instance together. */
  PERSON_COMMANDS_PER_10S: z.coerce.number().int().min(1).default(200),
  /** Open sockets one person may hold at once (phone, laptop, a reloaded tab), across instances. */
  MAX_SOCKETS_PER_PERSON: z.coerce.number().int().min(1).default(8),
  /** Links and tokens stop working this many hours after the end of the (UTC) day they were issued on. */
  TOKEN_GRACE_HOURS: z.coerce.number().min(0).max(24 * 30).default(30),
  /** Observers one address may create through invitation links, per session and hour. */
  OBSERVERS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(10),
  /** A snapshot of a session's state is persisted every this many events; the log is trimmed behind the previous one (0: never). */
  SNAPSHOT_EVERY: z.coerce.number().int().min(0).default(1000),
  /** A loaded session with no socket on this instance, no pending command and no due timer is unloaded after this many ms (0: never). */
  IDLE_UNLOAD_MS: z.coerce.number().int().min(0).default(10 * 60 * 1000),
  /** Sessions are deleted with all their data this many days after their last activity (main.ts sweeps hourly). */
  RETENTION_DAYS: z.coerce.number().min(1).max(3650).default(30),
  /** Directory of the built client; defaults to dist/client. */
  CLIENT_DIST: z.string().optional(),
  /**
   * Who may set the client's address in X-Forwarded-For: unset/0 = nobody (the default), a hop count, or the
   * balancer's addresses/CIDRs (comma-separated). See server/http/clientAddress.ts.
   */
  TRUST_PROXY: z.string().max(2000).optional().transform((v, ctx) => {
    const rule = parseTrustProxy(v);
    if ('error' in rule) {
      ctx.addIssue({ code: 'custom', message: rule.error });
      return z.NEVER;
    }
    return rule;
  }),
  /** Further page origins whose WebSocket handshakes are accepted (comma-separated), besides PUBLIC_URL's. */
  ALLOWED_ORIGINS: z
    .string()
    .max(4000)
    .optional()
    .transform((v, ctx) => {
      const out: string[] = [];
      for (const item of (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
        const origin = originOf(item);
        if (!origin) ctx.addIssue({ code: 'custom', message: `not an http(s) origin: ${item}` });
        else out.push(origin);
      }
      return out;
    }),
});

/** `scheme://host[:port]` of an http(s) URL, as browsers write it in the Origin header; null otherwise. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

export interface Config {
  port: number;
  host: string;
  publicUrl: string | null;
  /** REDIS_URL (null on a cluster or on the embedded store). */
  redisUrl: string | null;
  /** The Redis of a multi-instance deployment: REDIS_URL or REDIS_CLUSTER_NODES; null runs the embedded store. */
  redis: RedisTarget | null;
  /** The embedded store's directory (resolved against the working directory). */
  dataDir: string;
  organiserKey: string;
  organiserKeyGenerated: boolean;
  tokenSecret: string;
  tokenSecretGenerated: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  demo: boolean;
  instanceId: string;
  maxConnectionsPerAddress: number;
  commandRate: { perSecond: number; burst: number };
  joinsPerMinute: number;
  redisCommandTimeoutMs: number;
  commandDeadlineMs: number;
  commitBatchMax: number;
  personRate: { max: number; windowMs: number };
  maxSocketsPerPerson: number;
  tokenGraceHours: number;
  observersPerAddressPerHour: number;
  clientDist: string | null;
  retentionDays: number;
  snapshotEvery: number;
  idleUnloadMs: number;
  trustProxy: TrustProxy;
  /** Origins allowed to open a WebSocket, besides PUBLIC_URL's (normalised `scheme://host[:port]`). */
  allowedOrigins: string[];
}

export class ConfigError extends Error {}

/** Parses configuration from the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && e.REDIS_CLUSTER_NODES) {
    throw new ConfigError('Invalid configuration:\n  set REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a cluster), not both.');
  }
  const redis: RedisTarget | null = e.REDIS_URL ? { kind: 'single', url: e.REDIS_URL } : e.REDIS_CLUSTER_NODES ? { kind: 'cluster', nodes: e.REDIS_CLUSTER_NODES } : null;
  if (redis && (!e.TOKEN_SECRET || !e.ORGANISER_KEY)) {
    throw new ConfigError('Invalid configuration:\n  TOKEN_SECRET and ORGANISER_KEY must be set when REDIS_URL or REDIS_CLUSTER_NODES is set (every instance must share them).');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? null,
    redisUrl: e.REDIS_URL ?? null,
    redis,
    dataDir: e.DATA_DIR,
    organiserKey: e.ORGANISER_KEY ?? randomBytes(18).toString('base64url'),
    organiserKeyGenerated: !e.ORGANISER_KEY,
    tokenSecret: e.TOKEN_SECRET ?? randomBytes(32).toString('base64url'),
    tokenSecretGenerated: !e.TOKEN_SECRET,
    logLevel: e.LOG_LEVEL,
    demo: e.DEMO ?? !redis,
    instanceId: e.INSTANCE_ID ?? `i-${randomBytes(4).toString('hex')}`,
    maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
    commandRate: { perSecond: e.COMMANDS_PER_SECOND, burst: e.COMMAND_BURST },
    joinsPerMinute: e.JOINS_PER_MINUTE,
    redisCommandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
    commandDeadlineMs: e.COMMAND_DEADLINE_MS,
    commitBatchMax: e.COMMIT_BATCH_MAX,
    personRate: { max: e.PERSON_COMMANDS_PER_10S, windowMs: 10_000 },
    maxSocketsPerPerson: e.MAX_SOCKETS_PER_PERSON,
    tokenGraceHours: e.TOKEN_GRACE_HOURS,
    observersPerAddressPerHour: e.OBSERVERS_PER_ADDRESS_PER_HOUR,
    clientDist: e.CLIENT_DIST ?? null,
    retentionDays: e.RETENTION_DAYS,
    snapshotEvery: e.SNAPSHOT_EVERY,
    idleUnloadMs: e.IDLE_UNLOAD_MS,
    trustProxy: e.TRUST_PROXY,
    allowedOrigins: e.ALLOWED_ORIGINS,
  };
}
