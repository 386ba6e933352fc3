import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../shared/protocol/errors.js';
import { Id, LIMITS } from '../../shared/protocol/primitives.js';
import type { SessionLifecycle } from '../sessions/sessionLifecycle.js';
import { isLocalOnly } from '../net/lanAddress.js';
import { parseBody } from './errors.js';
import { organiserAuthorised } from './routes.js';
import { demoTemplate } from '../demo/demoTemplate.js';

export interface OrganiserRouteDeps {
  lifecycle: SessionLifecycle;
  organiserKey: string;
  /** The base of every link (PUBLIC_URL, else the LAN address, else localhost). */
  linkBase: () => string;
  retentionDays: number;
}

const CloneBody = z.strictObject({ title: z.string().trim().min(1).max(LIMITS.titleLength).optional() }).default({});

/** The organiser page's routes, all behind the organiser key (x-organiser-key). */
export function registerOrganiserRoutes(app: FastifyInstance, deps: OrganiserRouteDeps): void {
  const guard = (req: Parameters<typeof organiserAuthorised>[0]) => {
    if (!organiserAuthorised(req, deps.organiserKey)) throw new DomainError('UNAUTHENTICATED', 'organiser key required (x-organiser-key header)');
  };
  const idOf = (req: { params: unknown }) => parseBody(Id, (req.params as { id?: string }).id);

  app.get('/api/organiser', async (req) => {
    guard(req);
    const base = deps.linkBase();
    return { ok: true, linkBase: base, localOnly: isLocalOnly(base), retentionDays: deps.retentionDays };
  });

  app.get('/api/sessions', async (req) => {
    guard(req);
    return { ok: true, sessions: await deps.lifecycle.list() };
  });

  app.delete('/api/sessions/:id', async (req) => {
    guard(req);
    return { ok: true, ...(await deps.lifecycle.delete(idOf(req))) };
  });

  app.post('/api/sessions/:id/clone', async (req, reply) => {
    guard(req);
    const body = parseBody(CloneBody, req.body ?? {});
    return reply.status(201).send({ ok: true, ...(await deps.lifecycle.clone(idOf(req), body.title)) });
  });

  app.post('/api/sessions/:id/reset', async (req, reply) => {
    guard(req);
    return reply.status(201).send({ ok: true, ...(await deps.lifecycle.reset(idOf(req))) });
  });

  // The demo day as a template, for the organiser page's "start from the demo day" (issue 19).
  app.get('/api/templates/demo.json', async (req) => {
    guard(req);
    return demoTemplate();
  });
}
