import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTrustProxy, trustFunction } from '../../server/http/clientAddress.js';
import { WRONG_CODES, wrongCodeDelayMs } from '../../server/http/joinGuard.js';
import { originAllowed } from '../../server/realtime/originCheck.js';

describe('[E7] the edge rules as pure functions', () => {
  it('wrong-code delay: free typos, then growing, never shrinking, capped at 15 s', () => {
    expect(wrongCodeDelayMs(WRONG_CODES.freePerAddress, 1)).toBe(0);
    expect([11, 12, 13, 14].map((n) => wrongCodeDelayMs(n, 1))).toEqual([250, 500, 1000, 2000]);
    expect(wrongCodeDelayMs(1, WRONG_CODES.freeGlobal + 1)).toBe(1000);
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), fc.nat(50), fc.nat(5_000), (a, g, da, dg) => {
        const d = wrongCodeDelayMs(a, g);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(WRONG_CODES.maxDelayMs);
        expect(wrongCodeDelayMs(a + da, g + dg)).toBeGreaterThanOrEqual(d);
      }),
    );
  });

  it('origins: only the public origin and the allowed list once PUBLIC_URL is set; no Origin is not a browser page', () => {
    const policy = { publicUrl: 'https://dialogue.example/some/path', allowedOrigins: ['http://localhost:5173'] };
    expect(originAllowed(policy, 'https://dialogue.example', '127.0.0.1:3000')).toBe(true);
    expect(originAllowed(policy, 'http://localhost:5173', 'localhost:5173')).toBe(true);
    expect(originAllowed(policy, undefined, 'x')).toBe(true);
    expect(originAllowed(policy, 'null', 'dialogue.example')).toBe(false);
    // Same host as the request is not enough once the public name is known.
    expect(originAllowed(policy, 'http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(false);
    fc.assert(
      fc.property(fc.webUrl(), fc.domain(), (url, host) => {
        const origin = new URL(url).origin;
        fc.pre(origin !== 'https://dialogue.example' && origin !== 'http://localhost:5173');
        expect(originAllowed(policy, origin, host)).toBe(false);
      }),
    );
  });

  it('origins without PUBLIC_URL: a page of the same host only', () => {
    const policy = { publicUrl: null, allowedOrigins: [] };
    expect(originAllowed(policy, 'http://127.0.0.1:4000', '127.0.0.1:4000')).toBe(true);
    expect(originAllowed(policy, 'http://127.0.0.1:4001', '127.0.0.1:4000')).toBe(false);
    expect(originAllowed(policy, 'https://evil.example', '127.0.0.1:4000')).toBe(false);
    expect(originAllowed(policy, 'https://evil.example', undefined)).toBe(false);
  });

  it('TRUST_PROXY forms and their trust functions', () => {
    expect(parseTrustProxy(undefined)).toEqual({ kind: 'off' });
    expect(parseTrustProxy('false')).toEqual({ kind: 'off' });
    expect(parseTrustProxy('TRUE')).toHaveProperty('error');
    expect(parseTrustProxy('10.0.0.300')).toHaveProperty('error');
    const off = trustFunction({ kind: 'off' });
    expect(off('127.0.0.1', 0)).toBe(false);
    const hops = trustFunction({ kind: 'hops', hops: 2 });
    expect([0, 1, 2].map((i) => hops('203.0.113.1', i))).toEqual([true, true, false]);
    const list = trustFunction(parseTrustProxy('172.28.0.10, 10.1.0.0/16') as { kind: 'addresses'; list: string[] });
    expect(list('172.28.0.10', 0)).toBe(true);
    expect(list('10.1.200.3', 1)).toBe(true);
    expect(list('172.28.0.11', 0)).toBe(false);
  });
});
