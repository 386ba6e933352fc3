import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/**
 * Which peers may tell us the client's address in `X-Forwarded-For` (setting `TRUST_PROXY`).
 * - `off`: nobody; the address is the TCP peer's. The default: a client reaching the server directly
 *   must not choose the address its limits are counted against.
 * - `hops`: the nearest N peers, whoever they are. Only right when the instances are reachable through the
 *   balancer alone (a client reaching an instance directly could then write its own address).
 * - `addresses`: peers whose address is in this list (IPs, CIDRs, or proxy-addr's `loopback`,
 *   `linklocal`, `uniquelocal`): the balancer's own addresses. The safest form.
 */
export type TrustProxy = { kind: 'off' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; list: string[] };

export type TrustFn = (addr: string, hop: number) => boolean;

/** Parses the `TRUST_PROXY` setting; returns an error message for a value it cannot use. */
export function parseTrustProxy(raw: string | undefined): TrustProxy | { error: string } {
  const v = (raw ?? '').trim();
  if (v === '' || /^(0|false|no|off)$/i.test(v)) return { kind: 'off' };
  // `true` is what let any client choose its address: refused on purpose, with the way out.
  if (/^(true|yes|on)$/i.test(v)) return { error: 'trusting every proxy lets any client choose its address; give a hop count (e.g. 1) or the balancer addresses (e.g. 10.0.0.5,10.0.1.0/24)' };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return hops <= 32 ? { kind: 'hops', hops } : { error: 'hop count above 32' };
  }
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    proxyAddr.compile(list);
  } catch (err) {
    return { error: (err as Error).message };
  }
  return { kind: 'addresses', list };
}

/** The trust rule as a function of (peer address, hop index): what Fastify and proxy-addr both take. */
export function trustFunction(rule: TrustProxy): TrustFn {
  if (rule.kind === 'off') return () => false;
  if (rule.kind === 'hops') return (_addr, hop) => hop < rule.hops;
  return proxyAddr.compile(rule.list);
}

/**
 * The client's address under the trust rule. engine.io answers `/socket.io/` before Fastify sees the request,
 * so the Socket.IO handshake uses this with the same rule as Fastify's `req.ip` (one rule for every limit).
 */
export function clientAddress(req: IncomingMessage, trust: TrustFn): string {
  return proxyAddr(req, trust);
}
