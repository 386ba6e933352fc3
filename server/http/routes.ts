import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AcceptInviteBody, CreateFromTemplateBody, CreateSessionBody, JoinBody, JoinCode } from '../../shared/protocol/http.js';
import { DomainError } from '../../shared/protocol/errors.js';
import { Id } from '../../shared/protocol/primitives.js';
import type { SessionService } from '../sessions/sessionService.js';
import type { Store } from '../store/Store.js';
import { parseBody } from './errors.js';
import { zodMessage } from '../realtime/errors.js';
import type { JoinGuard } from './joinGuard.js';

export interface RouteDeps {
  sessions: SessionService;
  store: Store;
  organiserKey: string;
  /** Slows wrong join codes down and paces joins per address (see joinGuard.ts). */
  joinGuard: JoinGuard;
}

export function organiserAuthorised(req: FastifyRequest, key: string): boolean {
  const header = req.headers['x-organiser-key'] ?? req.headers.authorization?.replace(/^Bearer\s+/i, '');
  if (typeof header !== 'string') return false;
  const a = Buffer.from(header);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
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
    // With a `template`: a session created from an exported template (its refusals are INVALID_TEMPLATE).
    if (req.body && typeof req.body === 'object' && 'template' in req.body) {
      const r = CreateFromTemplateBody.safeParse(req.body);
      if (!r.success) throw new DomainError('INVALID_TEMPLATE', zodMessage(r.error));
      const { template, title, languages, moderatorNames, privacyNotice, hotline } = r.data;
      const created = await sessions.create({ title: title ?? template.title, languages: languages ?? template.languages, agenda: template.agenda, moderatorNames, privacyNotice, hotline, template });
      return reply.status(201).send({ ok: true, ...created });
    }
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
    return { ok: true, ...(await deps.joinGuard.byCode(req.ip, () => sessions.lookup(code))) };
  });

  app.post('/api/join', async (req) => {
    const body = parseBody(JoinBody, req.body);
    // The code is checked first (a wrong one waits its penalty), so only right codes count as joins.
    await deps.joinGuard.byCode(req.ip, () => sessions.lookup(body.code));
    await deps.joinGuard.paceJoin(req.ip);
    return { ok: true, ...(await sessions.join(body)) };
  });

  app.post('/api/invite', async (req) => {
    const body = parseBody(AcceptInviteBody, req.body);
    return { ok: true, ...(await sessions.acceptInvite(body, req.ip)) };
  });
}
