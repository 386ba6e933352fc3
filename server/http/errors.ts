import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { DomainError, type ErrorCode } from '../../shared/protocol/errors.js';
import { toWireError, zodMessage } from '../realtime/errors.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  REMOVED: 403,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  JOINING_CLOSED: 403,
  OBSERVER_CAP_REACHED: 403,
  SESSION_NOT_FOUND: 404,
  INVALID_JOIN_CODE: 404,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

/** Parses an HTTP body with its schema; a failure is a typed BAD_REQUEST. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body);
  if (!r.success) throw new DomainError('BAD_REQUEST', zodMessage(r.error));
  return r.data;
}

/** Every HTTP error leaves as `{ ok: false, error: { code, message } }` with a matching status. */
/** Call before registering routes: Fastify binds a route to the error handler in force when it is added. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const fastifyErr = err as { statusCode?: number; code?: string };
    let wire = toWireError(err);
    if (!(err instanceof DomainError)) {
      if (fastifyErr.code === 'FST_ERR_CTP_BODY_TOO_LARGE') wire = { code: 'PAYLOAD_TOO_LARGE', message: 'body too large' };
      else if (fastifyErr.statusCode && fastifyErr.statusCode < 500) wire = { code: 'BAD_REQUEST', message: 'malformed request body' };
      else req.log.error({ err }, 'request failed');
    }
    reply.status(STATUS[wire.code] ?? 500).send({ ok: false, error: wire });
  });
}

/** Unknown routes: the single-page app for browser paths, a typed 404 for the API. */
export function installNotFound(app: FastifyInstance, spaIndexHtml: string | null): void {
  app.setNotFoundHandler((req, reply) => {
    // Client-side routes (/join/CODE, /moderator, ...) all load the single-page app.
    if (spaIndexHtml && req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/socket.io')) return reply.type('text/html').send(spaIndexHtml);
    reply.status(404).send({ ok: false, error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` } });
  });
}
