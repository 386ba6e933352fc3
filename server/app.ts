import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import fastifyStatic from '@fastify/static';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { TokenSigner } from './auth/tokens.js';
import { CLOCK_SYNC_MS, SessionHub } from './sessions/SessionHub.js';
import { SessionService } from './sessions/sessionService.js';
import { FileStore } from './store/fileStore.js';
import { RedisStore } from './store/redisStore.js';
import { guardStore } from './store/guardedStore.js';
import type { Store } from './store/Store.js';
import { frameworkErrorOptions, installErrorHandler, installNotFound } from './http/errors.js';
import { trustFunction } from './http/clientAddress.js';
import { JoinGuard } from './http/joinGuard.js';
import { registerSecurityHeaders } from './http/securityHeaders.js';
import { registerRoutes } from './http/routes.js';
import { registerReportRoutes } from './http/reportRoutes.js';
import { registerCoordinatorRoutes } from './http/coordinatorRoutes.js';
import { registerPrintRoutes } from './http/printRoutes.js';
import { registerJoinPage } from './http/joinPage.js';
import { startRealtime } from './realtime/socketServer.js';
import { registerOrganiserRoutes } from './http/organiserRoutes.js';
import { SessionLifecycle } from './sessions/sessionLifecycle.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface AppOptions {
  /** Use this store instead of the one the configuration names (tests pass a MemoryStore). */
  store?: Store;
  logger?: Logger;
  /** This instance's clock (tests skew it); the hub corrects it to the store's clock. */
  clock?: () => number;
}

/** Builds the whole server without listening: Fastify routes, the Socket.IO layer, the store. */
export async function buildApp(config: Config, opts: AppOptions = {}) {
  const log = opts.logger ?? pino({ level: config.logLevel, base: { instance: config.instanceId } });
  // Without Redis, the embedded default keeps everything on disk in DATA_DIR (MemoryStore is for tests only).
  const rawStore = opts.store ?? (config.redis ? await RedisStore.connect({ target: config.redis, commandTimeoutMs: config.redisCommandTimeoutMs }) : await FileStore.open(config.dataDir));
  const store = guardStore(rawStore, log);
  const signer = new TokenSigner(config.tokenSecret);
  const hub = new SessionHub(store, log.child({ module: 'hub' }), opts.clock, { maxBatch: config.commitBatchMax, snapshotEvery: config.snapshotEvery });
  // Deadlines and event times follow the store's clock: measure the offset before serving, then now and then.
  await hub.syncClock().catch((err) => log.warn({ err: String(err) }, 'clock sync failed; using the local clock until the store answers'));
  const clockTimer = setInterval(() => hub.syncClock().catch(() => undefined), CLOCK_SYNC_MS);
  clockTimer.unref();

  // One trust rule for X-Forwarded-For (TRUST_PROXY), used by Fastify's req.ip and by the Socket.IO handshake.
  const trustProxy = trustFunction(config.trustProxy);
  const app = Fastify({
    loggerInstance: log as unknown as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    trustProxy: config.trustProxy.kind === 'off' ? false : trustProxy,
    ...frameworkErrorOptions(),
  });
  let listeningUrl = '';
  // Without PUBLIC_URL, main.ts sets the LAN address here once listening, so phones in the hall can open links.
  let linkBase: string | null = null;
  const publicUrl = () => config.publicUrl ?? linkBase ?? listeningUrl;
  const sessions = new SessionService(hub, store, signer, publicUrl, {
    tokenGraceHours: config.tokenGraceHours,
    observersPerAddressPerHour: config.observersPerAddressPerHour,
  });
  // Headers first: helmet's hook then covers every route, static file, error and 404 registered after it.
  await registerSecurityHeaders(app, { publicUrl: config.publicUrl });
  installErrorHandler(app);
  const joinGuard = new JoinGuard(store, config.joinsPerMinute);
  registerRoutes(app, { sessions, store, organiserKey: config.organiserKey, joinGuard });
  registerReportRoutes(app, { store, hub, signer, organiserKey: config.organiserKey });
  registerCoordinatorRoutes(app, { store, hub, organiserKey: config.organiserKey });
  registerPrintRoutes(app, { store, hub, signer, organiserKey: config.organiserKey, publicUrl });
  // Realtime starts after the routes are registered: a deletion reaches it through this late-bound callback.
  let onDeleted: (sessionId: string) => void = (id) => hub.forget(id);
  const lifecycle = new SessionLifecycle(sessions, store, (id) => onDeleted(id));
  registerOrganiserRoutes(app, { lifecycle, organiserKey: config.organiserKey, linkBase: () => config.publicUrl ?? linkBase ?? listeningUrl, retentionDays: config.retentionDays });

  const clientDist = config.clientDist ?? path.join(ROOT, 'dist', 'client');
  let indexHtml: string | null = null;
  if (existsSync(path.join(clientDist, 'index.html'))) {
    // preCompressed: serve the .br/.gz copies written at build time (phones on slow links); hashed assets never change.
    await app.register(fastifyStatic, {
      root: clientDist,
      wildcard: false,
      index: ['index.html'],
      preCompressed: true,
      setHeaders: (reply, filePath) => {
        if (filePath.includes(`${path.sep}assets${path.sep}`)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
    indexHtml = await readFile(path.join(clientDist, 'index.html'), 'utf8');
  } else {
    log.warn({ clientDist }, 'client not built: run `npm run build` to serve the web app');
  }
  // The join page is written by the server (shows and works before its script arrives: server/http/joinPage.ts).
  await registerJoinPage(app, { sessions, joinGuard, publicUrl: config.publicUrl, client: indexHtml ? { dist: clientDist, indexHtml } : null });
  installNotFound(app, indexHtml);

  const realtime = await startRealtime({
    httpServer: app.server,
    hub,
    store,
    signer,
    log: log.child({ module: 'realtime' }),
    instanceId: config.instanceId,
    redis: config.redis,
    maxConnectionsPerAddress: config.maxConnectionsPerAddress,
    commandRate: config.commandRate,
    redisCommandTimeoutMs: config.redisCommandTimeoutMs,
    commandDeadlineMs: config.commandDeadlineMs,
    originPolicy: { publicUrl: config.publicUrl, allowedOrigins: config.allowedOrigins },
    trustProxy,
    links: sessions.issuer,
    maxSocketsPerPerson: config.maxSocketsPerPerson,
    personRate: config.personRate,
    idleUnloadMs: config.idleUnloadMs,
  });
  onDeleted = (id) => realtime.sessionDeleted(id);

  let closing: Promise<void> | undefined;
  return {
    app,
    hub,
    store,
    signer,
    sessions,
    lifecycle,
    realtime,
    log,
    async listen(port = config.port, host = config.host): Promise<string> {
      await app.listen({ port, host });
      const addr = app.server.address();
      const actualPort = typeof addr === 'object' && addr ? addr.port : port;
      listeningUrl = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${actualPort}`;
      return listeningUrl;
    },
    /** The base of every link this instance prints, returns and encodes in QR codes. */
    linkBase: publicUrl,
    /** Links from now on use `base` (the LAN address; main.ts only, and only when PUBLIC_URL is unset). */
    useLinkBase(base: string): void {
      linkBase = base;
    },
    /** Stops the instance; calling it again returns the same stop. */
    close(): Promise<void> {
      closing ??= (async () => {
        clearInterval(clockTimer);
        joinGuard.close();
        await realtime.close().catch(() => {});
        await app.close().catch(() => {});
        await rawStore.close();
      })();
      return closing;
    },
  };
}

export type DialogueApp = Awaited<ReturnType<typeof buildApp>>;
