import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { buildApp, type DialogueApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { MemoryStore } from '../../server/store/memoryStore.js';
import type { Store } from '../../server/store/Store.js';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ORGANISER_KEY = 'test-organiser-key-0123456789';
export const TOKEN_SECRET = 'test-token-secret-0123456789-0123456789';

export interface TestServer {
  url: string;
  app: DialogueApp;
  close(): Promise<void>;
}

/**
 * Starts a real server on a free port. With `redisUrl` (one Redis) or `clusterNodes` (a Redis Cluster's seed
 * nodes, as REDIS_CLUSTER_NODES), instances started alike share sessions.
 */
export async function startServer(opts: { redisUrl?: string | null; clusterNodes?: string; store?: Store; instanceId?: string; env?: Record<string, string>; clock?: () => number } = {}): Promise<TestServer> {
  const redisUrl = opts.redisUrl === undefined ? null : opts.redisUrl;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ORGANISER_KEY,
    TOKEN_SECRET,
    LOG_LEVEL: 'silent',
    DEMO: '0',
    // Tests on the shared Redis join thousands of people from 127.0.0.1 within a minute.
    JOINS_PER_MINUTE: '1000000',
    INSTANCE_ID: opts.instanceId ?? `t-${randomBytes(3).toString('hex')}`,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...(opts.clusterNodes ? { REDIS_CLUSTER_NODES: opts.clusterNodes } : {}),
    ...opts.env,
  });
  // In-process servers without Redis keep sessions in memory (the embedded default's disk store is tested apart).
  const store = opts.store ?? (config.redis ? undefined : new MemoryStore());
  const app = await buildApp(config, { store, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), clock: opts.clock });
  const url = await app.listen();
  return { url, app, close: () => app.close() };
}

/**
 * Seed nodes of a Redis Cluster to run the multi-instance tests on instead of the shared Redis (unset: one Redis).
 * E.g. start one with tests/helpers/redisCluster.ts and pass its `nodes`.
 */
const TEST_CLUSTER_NODES = process.env.TEST_REDIS_CLUSTER_NODES;

/** Two (or more) instances on one Redis (or on TEST_REDIS_CLUSTER_NODES), as in production. */
export async function startCluster(n = 2, redisUrl = REDIS_URL, env?: Record<string, string>): Promise<TestServer[]> {
  const servers: TestServer[] = [];
  const onCluster = TEST_CLUSTER_NODES && redisUrl === REDIS_URL;
  for (let i = 0; i < n; i++) servers.push(await startServer(onCluster ? { clusterNodes: TEST_CLUSTER_NODES, env } : { redisUrl, env }));
  return servers;
}

export async function createSession(server: TestServer, body: Record<string, unknown> = {}) {
  const res = await fetch(`${server.url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-organiser-key': ORGANISER_KEY },
    body: JSON.stringify({ title: 'Test dialogue', languages: ['en', 'fr'], agenda: [{ title: 'Welcome', minutes: 15 }], ...body }),
  });
  if (res.status !== 201) throw new Error(`create session: ${res.status} ${await res.text()}`);
  return (await res.json()) as {
    sessionId: string;
    joinCode: string;
    joinUrl: string;
    observerUrl: string;
    projectorUrl: string;
    onsiteModeratorToken: string;
    onlineModeratorToken: string;
  };
}

export async function joinSession(server: TestServer, code: string, name: string, modality: 'onsite' | 'online' = 'online', extra: Record<string, unknown> = {}) {
  const res = await fetch(`${server.url}/api/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, name, modality, ...extra }),
  });
  const body = (await res.json()) as { ok: boolean; token: string; personId: string; sessionId: string; error?: { code: string } };
  if (!body.ok) throw new Error(`join failed: ${JSON.stringify(body)}`);
  return body;
}

export async function observerToken(server: TestServer, observerUrl: string, name = 'Olga', label?: string) {
  const invite = new URL(observerUrl).hash.replace('#invite=', '');
  const res = await fetch(`${server.url}/api/invite`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ invite, name, ...(label ? { label } : {}) }),
  });
  return (await res.json()) as { token: string; personId: string };
}

export function projectorToken(projectorUrl: string): string {
  return new URL(projectorUrl).hash.replace('#token=', '');
}
