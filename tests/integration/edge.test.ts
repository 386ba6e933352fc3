import { randomInt } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { guardCounters, WRONG_CODES } from '../../server/http/joinGuard.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { createSession, REDIS_URL, startServer, type TestServer } from '../helpers/servers.js';

/**
 * The HTTP and WebSocket edge (issue 13): whose address the limits count, wrong join codes slowing guessers
 * without locking a hall out, security headers, the WebSocket origin check, framework errors in the
 * product's format. Real servers on real sockets; the cluster-wide count runs two instances on Redis.
 */

const MINUTE = 60_000;

/** A random documentation-range address, so counters on the shared Redis never collide between runs. */
const randomAddress = () => `198.51.${randomInt(256)}.${randomInt(1, 255)}`;

function postJoin(server: TestServer, code: string, headers: Record<string, string> = {}, name = 'Guest') {
  return fetch(`${server.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ code, name, modality: 'online' }) });
}

/** A join code that no session has: valid format, from the alphabet, random. */
function wrongCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 8 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

const wrongCount = (server: TestServer, address: string) => server.app.store.hit(guardCounters.wrongByAddress(address), WRONG_CODES.addressWindowMs, 0);
const joinCount = (server: TestServer, address: string) => server.app.store.hit(guardCounters.joinsByAddress(address), MINUTE, 0);

/** Opens a Socket.IO connection with the given headers; resolves with the socket or the refusal. */
function connect(server: TestServer, token: string, headers: Record<string, string>): Promise<{ socket: Socket } | { refused: { message: string; code?: string } }> {
  return new Promise((resolve) => {
    const socket = io(server.url, { auth: { token, protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (err: Error & { data?: { code: string } }) => {
      socket.disconnect();
      resolve({ refused: { message: err.message, code: err.data?.code } });
    });
  });
}

describe('[E1] the client address follows TRUST_PROXY, for HTTP limits and the Socket.IO handshake', () => {
  it('TRUST_PROXY refuses "true" and values that are not hops or addresses', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: 'the balancer' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({}).trustProxy).toEqual({ kind: 'off' });
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toEqual({ kind: 'hops', hops: 1 });
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 172.28.0.0/16' }).trustProxy).toEqual({ kind: 'addresses', list: ['10.0.0.5', '172.28.0.0/16'] });
  });

  it('off (the default): a spoofed X-Forwarded-For moves no limit', async () => {
    const server = await startServer({ env: { MAX_CONNECTIONS_PER_ADDRESS: '2' } });
    try {
      const spoofed = [randomAddress(), randomAddress(), randomAddress()];
      for (const a of spoofed) expect((await postJoin(server, wrongCode(), { 'x-forwarded-for': a })).status).toBe(404);
      expect(await wrongCount(server, '127.0.0.1')).toBe(3);
      for (const a of spoofed) expect(await wrongCount(server, a)).toBe(0);

      const s = await createSession(server);
      expect((await postJoin(server, s.joinCode, { 'x-forwarded-for': spoofed[0] })).status).toBe(200);
      expect(await joinCount(server, '127.0.0.1')).toBe(1);
      expect(await joinCount(server, spoofed[0])).toBe(0);

      // Connections per address: three sockets claiming three addresses are still one address.
      const results = [];
      for (const a of spoofed) results.push(await connect(server, s.onsiteModeratorToken, { 'x-forwarded-for': a }));
      expect(results.slice(0, 2).every((r) => 'socket' in r)).toBe(true);
      expect(results[2]).toEqual({ refused: expect.objectContaining({ code: 'RATE_LIMITED' }) });
      for (const r of results) if ('socket' in r) r.socket.disconnect();
    } finally {
      await server.close();
    }
  });

  it('on (the balancer trusted): the forwarded address is the one counted, on HTTP and on the handshake', async () => {
    // The test client is the "balancer" here: it connects from the loopback address.
    const server = await startServer({ env: { MAX_CONNECTIONS_PER_ADDRESS: '2', TRUST_PROXY: 'loopback' } });
    try {
      const [a, b, c] = [randomAddress(), randomAddress(), randomAddress()];
      expect((await postJoin(server, wrongCode(), { 'x-forwarded-for': a })).status).toBe(404);
      expect(await wrongCount(server, a)).toBe(1);
      expect(await wrongCount(server, '127.0.0.1')).toBe(0);
      // What the client wrote before the balancer's entry is not believed (nginx's $proxy_add_x_forwarded_for).
      const written = randomAddress();
      expect((await postJoin(server, wrongCode(), { 'x-forwarded-for': `${written}, ${b}` })).status).toBe(404);
      expect(await wrongCount(server, b)).toBe(1);
      expect(await wrongCount(server, written)).toBe(0);

      const s = await createSession(server);
      const sockets: Socket[] = [];
      try {
        for (const addr of [a, b, c]) {
          const r = await connect(server, s.onsiteModeratorToken, { 'x-forwarded-for': addr });
          expect(r).toHaveProperty('socket');
          if ('socket' in r) sockets.push(r.socket);
        }
        // Two from `a` are allowed, the third from `a` is not: the limit follows the forwarded address.
        const second = await connect(server, s.onsiteModeratorToken, { 'x-forwarded-for': a });
        expect(second).toHaveProperty('socket');
        if ('socket' in second) sockets.push(second.socket);
        expect(await connect(server, s.onsiteModeratorToken, { 'x-forwarded-for': a })).toEqual({ refused: expect.objectContaining({ code: 'RATE_LIMITED' }) });
      } finally {
        for (const sock of sockets) sock.disconnect();
      }
    } finally {
      await server.close();
    }
  });

  it('a hop count trusts only the entry the balancer added, not what the client wrote before it', async () => {
    const server = await startServer({ env: { TRUST_PROXY: '1' } });
    try {
      const [written, added] = [randomAddress(), randomAddress()];
      // The client wrote `written`; the one trusted proxy (here: the test) appended `added`.
      expect((await postJoin(server, wrongCode(), { 'x-forwarded-for': `${written}, ${added}` })).status).toBe(404);
      expect(await wrongCount(server, added)).toBe(1);
      expect(await wrongCount(server, written)).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('[E2] wrong join codes slow a guesser down and never keep a hall out', () => {
  it("a hall's right code gets in promptly while someone guesses from the same address", async () => {
    const server = await startServer();
    try {
      const s = await createSession(server);
      // The guesser fires 40 wrong codes at once from the hall's address (127.0.0.1).
      let answered = 0;
      const guesses = Array.from({ length: 40 }, () =>
        postJoin(server, wrongCode()).then(async (r) => {
          answered++;
          return r.status;
        }),
      );
      // The free ones are answered; the rest are held for 250 ms … 15 s (40 < the 128 an address may hold).
      await expect.poll(() => answered, { timeout: 10_000 }).toBeGreaterThanOrEqual(WRONG_CODES.freePerAddress);
      const waitingBefore = 40 - answered;
      expect(waitingBefore).toBeGreaterThanOrEqual(10);

      // Twenty people of the hall join with the right code, from the same address, meanwhile.
      const t0 = Date.now();
      const joins = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const started = Date.now();
          const r = await postJoin(server, s.joinCode, {}, `Hall ${i}`);
          return { status: r.status, ms: Date.now() - started };
        }),
      );
      const hallMs = Date.now() - t0;
      expect(joins.map((j) => j.status)).toEqual(Array(20).fill(200));
      // Promptly: far below the guesser's penalty (up to 15 s), with room for a loaded 2-core machine.
      expect(Math.max(...joins.map((j) => j.ms))).toBeLessThan(3_000);
      // The penalty was in force the whole time: guesses were still held when the hall was in.
      expect(40 - answered).toBeGreaterThanOrEqual(5);
      expect(await wrongCount(server, '127.0.0.1')).toBeGreaterThanOrEqual(WRONG_CODES.freePerAddress + 5);
      console.log(`[edge] 20 right-code joins next to 40 held guesses: slowest ${Math.max(...joins.map((j) => j.ms))} ms, all in ${hallMs} ms`);

      // Stopping the instance answers the held guesses at once: wrong stays wrong, never a 200.
      await server.close();
      const statuses = await Promise.all(guesses);
      expect(statuses).toEqual(Array(40).fill(404));
    } finally {
      await server.close();
    }
  });

  it('the lookup route (GET /api/join/:code) follows the same rule', async () => {
    const server = await startServer();
    try {
      const s = await createSession(server);
      for (let i = 0; i < WRONG_CODES.freePerAddress + 2; i++) expect((await fetch(`${server.url}/api/join/${wrongCode()}`)).status).toBe(404);
      const t0 = Date.now();
      const wrong = await fetch(`${server.url}/api/join/${wrongCode()}`);
      const wrongMs = Date.now() - t0;
      expect(wrong.status).toBe(404);
      // The 13th wrong code of the address waits 1 s.
      expect(wrongMs).toBeGreaterThanOrEqual(990);
      const right = await fetch(`${server.url}/api/join/${s.joinCode}`);
      expect(await right.json()).toMatchObject({ ok: true, sessionId: s.sessionId });
    } finally {
      await server.close();
    }
  });

  it('wrong codes are counted cluster-wide: guesses on one instance slow the next on another', async () => {
    const env = { TRUST_PROXY: 'loopback' };
    const a = await startServer({ redisUrl: REDIS_URL, env });
    const b = await startServer({ redisUrl: REDIS_URL, env });
    try {
      const guesser = randomAddress();
      for (let i = 0; i < WRONG_CODES.freePerAddress; i++) expect((await postJoin(a, wrongCode(), { 'x-forwarded-for': guesser })).status).toBe(404);
      const t0 = Date.now();
      expect((await postJoin(b, wrongCode(), { 'x-forwarded-for': guesser })).status).toBe(404);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
      expect(await wrongCount(b, guesser)).toBe(WRONG_CODES.freePerAddress + 1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a hall of 100 behind one address gets in under the default join limit', async () => {
    const server = await startServer({ env: { JOINS_PER_MINUTE: '600' } });
    try {
      const s = await createSession(server);
      const results = await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          // Each phone looks the code up (the join page), then joins.
          const lookup = await fetch(`${server.url}/api/join/${s.joinCode}`);
          const join = await postJoin(server, s.joinCode, {}, `Citizen ${i}`);
          return [lookup.status, join.status];
        }),
      );
      expect(results.flat().every((c) => c === 200)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('beyond JOINS_PER_MINUTE, joins from one address wait their turn before any is refused', async () => {
    const server = await startServer({ env: { JOINS_PER_MINUTE: '60' } });
    try {
      const s = await createSession(server);
      // 60 a minute is one a second: 5 over the budget wait 1…5 s; 15 over would wait more than 10 s.
      const first = await Promise.all(
        Array.from({ length: 65 }, async (_, i) => {
          const t0 = Date.now();
          const r = await postJoin(server, s.joinCode, {}, `P${i}`);
          return { status: r.status, ms: Date.now() - t0 };
        }),
      );
      const statuses = first.map((f) => f.status);
      // Within one window (no boundary crossed), the 65th waited its 5 s turn instead of being refused.
      if ((await joinCount(server, '127.0.0.1')) === 65) expect(Math.max(...first.map((f) => f.ms))).toBeGreaterThanOrEqual(4_900);
      const refusedAfter = await Promise.all(Array.from({ length: 12 }, (_, i) => postJoin(server, s.joinCode, {}, `Q${i}`).then((r) => r.status)));
      // A window boundary may reset the count in between; when it does not, the last ones are refused.
      expect(statuses.every((c) => c === 200)).toBe(true);
      expect(refusedAfter.every((c) => c === 200 || c === 429)).toBe(true);
      if ((await joinCount(server, '127.0.0.1')) >= 77) expect(refusedAfter).toContain(429);
    } finally {
      await server.close();
    }
  }, 45_000);
});

describe('[E3] security headers on pages, assets and the API', () => {
  let dist: string;
  beforeAll(() => {
    // A stand-in for the built client, so these tests do not depend on `npm run build`.
    dist = mkdtempSync(path.join(os.tmpdir(), 'dr-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>');
    writeFileSync(path.join(dist, 'assets', 'app.js'), 'export {};');
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  function expectHeaders(res: Response, where: string) {
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp, where).toContain("frame-ancestors 'none'");
    expect(csp, where).toMatch(/default-src '(self|none)'/);
    expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
    expect(res.headers.get('referrer-policy'), where).toBe('no-referrer');
    expect(res.headers.get('x-frame-options'), where).toBe('DENY');
  }

  it('every page, static file, API answer and error carries them; no HSTS over http', async () => {
    const server = await startServer({ env: { CLIENT_DIST: dist } });
    try {
      const s = await createSession(server);
      const paths = ['/', `/join/${s.joinCode}`, '/moderator', '/projector', '/assets/app.js', `/api/join/${s.joinCode}`, '/api/nothing', '/healthz', `/api/join/${'A'.repeat(200)}`];
      for (const p of paths) {
        const res = await fetch(`${server.url}${p}`);
        expectHeaders(res, p);
        expect(res.headers.get('strict-transport-security'), p).toBeNull();
      }
      const page = await fetch(`${server.url}/join/${s.joinCode}`);
      const csp = page.headers.get('content-security-policy')!;
      for (const d of ["script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self' data:", "object-src 'none'", "base-uri 'none'"]) expect(csp).toContain(d);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('upgrade-insecure-requests');
      const posted = await postJoin(server, s.joinCode);
      expectHeaders(posted, 'POST /api/join');
    } finally {
      await server.close();
    }
  });

  it('served over https (PUBLIC_URL https): HSTS, and the WebSocket origin in connect-src', async () => {
    const server = await startServer({ env: { CLIENT_DIST: dist, PUBLIC_URL: 'https://dialogue.example' } });
    try {
      for (const p of ['/', '/api/nothing']) {
        const res = await fetch(`${server.url}${p}`);
        expectHeaders(res, p);
        expect(res.headers.get('strict-transport-security'), p).toMatch(/max-age=\d{6,}/);
        expect(res.headers.get('content-security-policy')).toContain("connect-src 'self' wss://dialogue.example");
        expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
      }
    } finally {
      await server.close();
    }
  });
});

describe('[E4] Socket.IO accepts only the product’s own origins', () => {
  it('without PUBLIC_URL: the page’s own host, and clients without an Origin; a foreign page is refused', async () => {
    const server = await startServer();
    try {
      const s = await createSession(server);
      const own = await connect(server, s.onsiteModeratorToken, { origin: server.url });
      expect(own).toHaveProperty('socket');
      if ('socket' in own) own.socket.disconnect();
      const none = await connect(server, s.onsiteModeratorToken, {});
      expect(none).toHaveProperty('socket');
      if ('socket' in none) none.socket.disconnect();

      const foreign = await connect(server, s.onsiteModeratorToken, { origin: 'https://evil.example' });
      expect(foreign).toHaveProperty('refused');
      // The same refusal over HTTP (the engine.io handshake): 403 with a message naming the catalogue code.
      const polling = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example' } });
      expect(polling.status).toBe(403);
      expect(await polling.json()).toMatchObject({ message: expect.stringMatching(/^FORBIDDEN/) });
      expect((await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'null' } })).status).toBe(403);
    } finally {
      await server.close();
    }
  });

  it('with PUBLIC_URL and ALLOWED_ORIGINS: exactly those origins', async () => {
    const server = await startServer({ env: { PUBLIC_URL: 'https://dialogue.example', ALLOWED_ORIGINS: 'http://localhost:5173' } });
    try {
      const s = await createSession(server);
      for (const origin of ['https://dialogue.example', 'http://localhost:5173']) {
        const r = await connect(server, s.onsiteModeratorToken, { origin });
        expect(r, origin).toHaveProperty('socket');
        if ('socket' in r) r.socket.disconnect();
      }
      // The server's own listening address is not its public name: refused once PUBLIC_URL says otherwise.
      for (const origin of [server.url, 'http://dialogue.example', 'https://dialogue.example.evil.example']) {
        expect(await connect(server, s.onsiteModeratorToken, { origin }), origin).toHaveProperty('refused');
      }
    } finally {
      await server.close();
    }
  });
});

describe('[E5] framework errors answer in the product’s error format', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const expectWire = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ ok: false, error: { code, message: expect.any(String) } });
  };

  it('a too-long path parameter, a URL that does not decode, a 404 under /api', async () => {
    await expectWire(await fetch(`${server.url}/api/join/${'A'.repeat(500)}`), 400, 'BAD_REQUEST');
    await expectWire(await fetch(`${server.url}/api/join/%E0%A4%A`), 400, 'BAD_REQUEST');
    await expectWire(await fetch(`${server.url}/api/nothing/here`), 404, 'NOT_FOUND');
  });

  it('a malformed body, a body that is not JSON, a body too large', async () => {
    const post = (body: string, type = 'application/json') => fetch(`${server.url}/api/join`, { method: 'POST', headers: { 'content-type': type }, body });
    await expectWire(await post('{"code": "ABCD'), 400, 'BAD_REQUEST');
    await expectWire(await post('code=ABCD', 'application/x-www-form-urlencoded'), 400, 'BAD_REQUEST');
    await expectWire(await post(JSON.stringify({ code: 'ABCDEFGH', name: 'x'.repeat(70_000), modality: 'online' })), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('malformed HTTP at the connection level (headers too large) gets the same format', async () => {
    const { port } = new URL(server.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const sock = net.connect(Number(port), '127.0.0.1', () => sock.write(`GET /api/nothing HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
      let out = '';
      sock.on('data', (d) => (out += d));
      sock.on('end', () => resolve(out));
      sock.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431/);
    expect(raw).toContain('x-content-type-options: nosniff');
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } });
  });
});
