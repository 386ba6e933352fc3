import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const Bool = z.enum(['1', '0', 'true', 'false', 'yes', 'no']).transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Base URL printed in links; defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  /** Set it to run several instances on one Redis; unset runs the embedded in-memory default. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
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
  /** Commands one person may send per 10 s, all their sockets on every instance together. */
  PERSON_COMMANDS_PER_10S: z.coerce.number().int().min(1).default(200),
  /** Open sockets one person may hold at once (phone, laptop, a reloaded tab), across instances. */
  MAX_SOCKETS_PER_PERSON: z.coerce.number().int().min(1).default(8),
  /** Links and tokens stop working this many hours after the end of the (UTC) day they were issued on. */
  TOKEN_GRACE_HOURS: z.coerce.number().min(0).max(24 * 30).default(30),
  /** Observers one address may create through invitation links, per session and hour. */
  OBSERVERS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).default(10),
  /** Directory of the built client; defaults to dist/client. */
  CLIENT_DIST: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  publicUrl: string | null;
  redisUrl: string | null;
  organiserKey: string;
  organiserKeyGenerated: boolean;
  tokenSecret: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  demo: boolean;
  instanceId: string;
  maxConnectionsPerAddress: number;
  commandRate: { perSecond: number; burst: number };
  joinsPerMinute: number;
  personRate: { max: number; windowMs: number };
  maxSocketsPerPerson: number;
  tokenGraceHours: number;
  observersPerAddressPerHour: number;
  clientDist: string | null;
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
  if (e.REDIS_URL && (!e.TOKEN_SECRET || !e.ORGANISER_KEY)) {
    throw new ConfigError('Invalid configuration:\n  TOKEN_SECRET and ORGANISER_KEY must be set when REDIS_URL is set (every instance must share them).');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? null,
    redisUrl: e.REDIS_URL ?? null,
    organiserKey: e.ORGANISER_KEY ?? randomBytes(18).toString('base64url'),
    organiserKeyGenerated: !e.ORGANISER_KEY,
    tokenSecret: e.TOKEN_SECRET ?? randomBytes(32).toString('base64url'),
    logLevel: e.LOG_LEVEL,
    demo: e.DEMO ?? !e.REDIS_URL,
    instanceId: e.INSTANCE_ID ?? `i-${randomBytes(4).toString('hex')}`,
    maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
    commandRate: { perSecond: e.COMMANDS_PER_SECOND, burst: e.COMMAND_BURST },
    joinsPerMinute: e.JOINS_PER_MINUTE,
    personRate: { max: e.PERSON_COMMANDS_PER_10S, windowMs: 10_000 },
    maxSocketsPerPerson: e.MAX_SOCKETS_PER_PERSON,
    tokenGraceHours: e.TOKEN_GRACE_HOURS,
    observersPerAddressPerHour: e.OBSERVERS_PER_ADDRESS_PER_HOUR,
    clientDist: e.CLIENT_DIST ?? null,
  };
}
