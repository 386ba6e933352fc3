import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import fastifyStatic from '@fastify/static';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { TokenSigner } from './auth/tokens.js';
import { SessionHub } from './sessions/SessionHub.js';
import { SessionService } from './sessions/sessionService.js';
import { MemoryStore } from './store/memoryStore.js';
import { RedisStore } from './store/redisStore.js';
import { guardStore } from './store/guardedStore.js';
import type { Store } from './store/Store.js';
import { installErrorHandler, installNotFound } from './http/errors.js';
import { registerRoutes } from './http/routes.js';
import { startRealtime } from './realtime/socketServer.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface AppOptions {
  /** Use this store instead of the one the configuration names (tests share one MemoryStore). */
  store?: Store;
  logger?: Logger;
}

/** Builds the whole server without listening: Fastify routes, the Socket.IO layer, the store. */
export async function buildApp(config: Config, opts: AppOptions = {}) {
  const log = opts.logger ?? pino({ level: config.logLevel, base: { instance: config.instanceId } });
  const rawStore = opts.store ?? (config.redisUrl ? await RedisStore.connect({ url: config.redisUrl }) : new MemoryStore());
  const store = guardStore(rawStore, log);
  const signer = new TokenSigner(config.tokenSecret);
  const hub = new SessionHub(store, log.child({ module: 'hub' }));

  const app = Fastify({ loggerInstance: log as unknown as FastifyBaseLogger, bodyLimit: 64 * 1024, trustProxy: true });
  let listeningUrl = '';
  const publicUrl = () => config.publicUrl ?? listeningUrl;
  const sessions = new SessionService(hub, store, signer, publicUrl, {
    tokenGraceHours: config.tokenGraceHours,
    observersPerAddressPerHour: config.observersPerAddressPerHour,
  });
  installErrorHandler(app);
  registerRoutes(app, { sessions, store, organiserKey: config.organiserKey, joinsPerMinute: config.joinsPerMinute });

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
  installNotFound(app, indexHtml);

  const realtime = await startRealtime({
    httpServer: app.server,
    hub,
    store,
    signer,
    log: log.child({ module: 'realtime' }),
    instanceId: config.instanceId,
    redisUrl: config.redisUrl,
    maxConnectionsPerAddress: config.maxConnectionsPerAddress,
    commandRate: config.commandRate,
    links: sessions.issuer,
    maxSocketsPerPerson: config.maxSocketsPerPerson,
    personRate: config.personRate,
  });

  let closing: Promise<void> | undefined;
  return {
    app,
    hub,
    store,
    signer,
    sessions,
    realtime,
    log,
    async listen(port = config.port, host = config.host): Promise<string> {
      await app.listen({ port, host });
      const addr = app.server.address();
      const actualPort = typeof addr === 'object' && addr ? addr.port : port;
      listeningUrl = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${actualPort}`;
      return listeningUrl;
    },
    /** Stops the instance; calling it again returns the same stop. */
    close(): Promise<void> {
      closing ??= (async () => {
        await realtime.close().catch(() => {});
        await app.close().catch(() => {});
        await rawStore.close();
      })();
      return closing;
    },
  };
}

export type DialogueApp = Awaited<ReturnType<typeof buildApp>>;
