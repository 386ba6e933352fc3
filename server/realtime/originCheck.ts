import type { IncomingMessage } from 'node:http';
import { originOf } from '../config.js';

export interface OriginPolicy {
  /** PUBLIC_URL, or null when the server does not know its public name. */
  publicUrl: string | null;
  /** ALLOWED_ORIGINS, normalised. */
  allowedOrigins: string[];
}

/**
 * Which page origins may open a Socket.IO connection. A browser always sends `Origin` on a WebSocket handshake
 * and cannot forge it, so this is what stops a foreign page from using a visitor's browser (and its stored
 * token) against the service. Rules:
 * - PUBLIC_URL's origin and every ALLOWED_ORIGINS entry are accepted;
 * - without PUBLIC_URL (the embedded default, tests, a rehearsal on a laptop) the server does not know its
 *   own name, so a page served by this very host is accepted: the Origin's host equals the Host header;
 * - no Origin header at all: not a browser page (socket.io-client in Node, a bot, curl). Such a client
 *   cannot be a victim's browser, and it could write any Origin anyway, so it is accepted and left to the
 *   token check.
 */
export function originAllowed(policy: OriginPolicy, origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  const normalised = originOf(origin);
  if (!normalised) return false; // "null" (sandboxed frames, file://) and garbage
  const publicOrigin = policy.publicUrl ? originOf(policy.publicUrl) : null;
  if (normalised === publicOrigin || policy.allowedOrigins.includes(normalised)) return true;
  return !policy.publicUrl && host !== undefined && new URL(normalised).host === host.toLowerCase();
}

/**
 * engine.io's `allowRequest`: runs for the first request of every connection (the WebSocket upgrade, or the
 * first polling request) before Socket.IO exists for it. A refusal is HTTP 403 with this message; it cannot
 * be a Socket.IO `connect_error` with a catalogue code because no Socket.IO session was opened.
 */
export function allowRequestFor(policy: OriginPolicy) {
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void): void => {
    if (originAllowed(policy, req.headers.origin, req.headers.host)) callback(null, true);
    else callback('FORBIDDEN: this page origin may not connect', false);
  };
}
