import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { z } from 'zod';
import { DomainError, type ErrorCode } from '../../shared/protocol/errors.js';
import { toWireError, zodMessage } from '../realtime/errors.js';
import { BARE_ERROR_HEADERS } from './securityHeaders.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  INVALID_TEMPLATE: 400,
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
  OUTCOME_UNKNOWN: 503,
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
      else if (fastifyErr.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') wire = { code: 'BAD_REQUEST', message: 'body must be application/json' };
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
    // The path is the caller's text: cut, so a long one is not echoed back whole.
    reply.status(404).send({ ok: false, error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.slice(0, 120)}` } });
  });
}

/**
 * Errors Fastify raises before a route or hook runs, answered in the product's format rather than Fastify's own
 * text: a path parameter longer than the router accepts (`maxParamLength`, 100), a URL that does not decode,
 * and malformed HTTP (header too large, timeout, garbage) at the connection level.
 */
export function frameworkErrorOptions(): Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> {
  return {
    frameworkErrors: ((err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      // No hook has run (helmet neither): the bare headers an error body needs are set here.
      const wire = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? { code: 'BAD_REQUEST', message: 'path parameter too long' } : { code: 'BAD_REQUEST', message: 'malformed URL' };
      void reply.headers(BARE_ERROR_HEADERS).status(400).send({ ok: false, error: wire });
    }) as FastifyServerOptions['frameworkErrors'],
    clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket) {
      if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
      const [status, wire] =
        err.code === 'HPE_HEADER_OVERFLOW'
          ? ['431 Request Header Fields Too Large', { code: 'PAYLOAD_TOO_LARGE', message: 'request headers too large' }]
          : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? ['408 Request Timeout', { code: 'BAD_REQUEST', message: 'request not received in time' }]
            : ['400 Bad Request', { code: 'BAD_REQUEST', message: 'malformed HTTP request' }];
      const body = JSON.stringify({ ok: false, error: wire });
      const headers = Object.entries({ ...BARE_ERROR_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' })
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n');
      socket.end(`HTTP/1.1 ${status}\r\n${headers}\r\n\r\n${body}`);
    },
  };
}
