import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AcceptInviteBody, CreateSessionBody, JoinBody, JoinCode } from '../../shared/protocol/http.js';
import { DomainError } from '../../shared/protocol/errors.js';
import { Id } from '../../shared/protocol/primitives.js';
import type { SessionService } from '../sessions/sessionService.js';
import type { Store } from '../store/Store.js';
import { parseBody } from './errors.js';

export interface RouteDeps {
  sessions: SessionService;
  store: Store;
  organiserKey: string;
  /** Joins accepted per address and minute. */
  joinsPerMinute: number;
}

const MINUTE = 60_000;
/** Wrong join codes per address and minute before that address is refused for the rest of the minute. */
const BAD_CODES_PER_MINUTE = 20;

function organiserAuthorised(req: FastifyRequest, key: string): boolean {
  const header = req.headers['x-organiser-key'] ?? req.headers.authorization?.replace(/^Bearer\s+/i, '');
  if (typeof header !== 'string') return false;
  const a = Buffer.from(header);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function guardJoin(store: Store, ip: string, joinsPerMinute: number) {
  if ((await store.hit(`badcode:${ip}`, MINUTE, 0)) >= BAD_CODES_PER_MINUTE) throw new DomainError('RATE_LIMITED', 'too many wrong codes; wait a minute');
  if ((await store.hit(`join:${ip}`, MINUTE)) > joinsPerMinute) throw new DomainError('RATE_LIMITED');
}

async function countBadCode<T>(store: Store, ip: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DomainError && err.code === 'INVALID_JOIN_CODE') await store.hit(`badcode:${ip}`, MINUTE);
    throw err;
  }
}

export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { sessions, store } = deps;

  app.get('/healthz', async () => ({ ok: true }));

  app.get('/readyz', async (_req, reply) => {
    try {
      await Promise.race([store.ping(), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 1000))]);
      return { ok: true, store: store.kind };
    } catch {
      return reply.status(503).send({ ok: false, error: { code: 'UNAVAILABLE', message: 'store unreachable' } });
    }
  });

  app.post('/api/sessions', async (req, reply) => {
    if (!organiserAuthorised(req, deps.organiserKey)) throw new DomainError('UNAUTHENTICATED', 'organiser key required (x-organiser-key header)');
    const body = parseBody(CreateSessionBody, req.body);
    const created = await sessions.create(body);
    return reply.status(201).send({ ok: true, ...created });
  });

  // The organisers' way back in when every moderator link is lost or expired (see docs/security.md).
  app.post('/api/sessions/:id/links', async (req) => {
    if (!organiserAuthorised(req, deps.organiserKey)) throw new DomainError('UNAUTHENTICATED', 'organiser key required (x-organiser-key header)');
    const id = parseBody(Id, (req.params as { id?: string }).id);
    return { ok: true, ...(await sessions.reissueLinks(id)) };
  });

  app.get('/api/join/:code', async (req) => {
    const code = parseBody(JoinCode, (req.params as { code?: string }).code);
    await guardJoin(store, req.ip, deps.joinsPerMinute);
    return { ok: true, ...(await countBadCode(store, req.ip, () => sessions.lookup(code))) };
  });

  app.post('/api/join', async (req) => {
    const body = parseBody(JoinBody, req.body);
    await guardJoin(store, req.ip, deps.joinsPerMinute);
    return { ok: true, ...(await countBadCode(store, req.ip, () => sessions.join(body))) };
  });

  app.post('/api/invite', async (req) => {
    const body = parseBody(AcceptInviteBody, req.body);
    return { ok: true, ...(await sessions.acceptInvite(body, req.ip)) };
  });
}
