import type { FastifyInstance } from 'fastify';
import fastifyHelmet from '@fastify/helmet';

export interface SecurityHeaderOptions {
  /** PUBLIC_URL; HSTS and upgrade-insecure-requests only when it is https. */
  publicUrl: string | null;
}

/**
 * The Content-Security-Policy the built client needs, and no more (checked against dist/client and the
 * browser tests with a CSP-violation listener):
 * - scripts and styles are files under /assets (Vite writes no inline script; its module preload is a
 *   `<link rel=modulepreload>`); React sets `style={…}` through the CSSOM, which style-src does not govern;
 * - the join QR code is inline SVG markup (no style attribute), images are own files or `data:` URLs;
 * - the live connection is a WebSocket to the page's own origin: `'self'` covers ws(s) to the same host in
 *   CSP level 3 browsers; with PUBLIC_URL the ws(s) origin is written out for older ones;
 * - nothing may frame the app (clickjacking a moderator console), and no plugin or `<base>` is needed.
 */
export function contentSecurityPolicy(publicUrl: string | null): Record<string, string[]> {
  const connect = ["'self'"];
  if (publicUrl) {
    const u = new URL(publicUrl);
    connect.push(`${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}`);
  }
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': connect,
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  // Upgrading subresources on a plain-http deployment (a rehearsal on a laptop) would break every asset.
  if (isHttps(publicUrl)) directives['upgrade-insecure-requests'] = [];
  return directives;
}

/**
 * For the few answers Fastify writes before any hook runs (a malformed URL or HTTP request): a JSON error body
 * needs no resources, so it gets the strictest policy.
 */
export const BARE_ERROR_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function isHttps(publicUrl: string | null): boolean {
  return publicUrl?.startsWith('https:') ?? false;
}

/**
 * Security headers on every Fastify response: pages, static assets, the API, and error and 404 answers
 * (helmet's onRequest hook runs before any of them). Register before routes and @fastify/static.
 * engine.io answers `/socket.io/` before Fastify: its origin check is in realtime/originCheck.ts.
 */
export async function registerSecurityHeaders(app: FastifyInstance, opts: SecurityHeaderOptions): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(opts.publicUrl) },
    // Join codes and tokens travel in addresses (/join/CODE): never send them to another site.
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    // HSTS over plain http is ignored by browsers at best and misleading in the docs at worst.
    strictTransportSecurity: isHttps(opts.publicUrl) ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    // A call link opens in a new tab (noopener): same-origin COOP does not break it.
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    // COEP would require CORP headers on every embedded resource; nothing cross-origin is embedded anyway.
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * A policy as its header value, for the few pages that set their own (the server-written join page adds the
 * hashes of its inline style and script to the app's policy: server/http/joinPage.ts).
 */
export function policyHeader(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => (values.length ? `${name} ${values.join(' ')}` : name))
    .join(';');
}
