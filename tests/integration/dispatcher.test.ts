import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io';
import { COMMAND_NAMES } from '../../shared/protocol/registry.js';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { eventually, TestClient } from '../helpers/clients.js';

/**
 * [D20] One dispatcher per socket (issue 20, per-socket cost): a connection holds a fixed number of listeners
 * whatever the size of the registry, no logger of its own until it logs, and every behaviour of the per-command
 * listeners it replaced (acks, typed refusals, the per-socket rate limit).
 */
describe('[D20] one dispatcher per socket', () => {
  let server: TestServer;
  let session: Awaited<ReturnType<typeof createSession>>;
  const clients: TestClient[] = [];
  const client = (token: string) => {
    const c = new TestClient(server.url, token);
    clients.push(c);
    return c;
  };
  const serverSocket = (c: TestClient): Socket => {
    const s = server.app.realtime.io.of('/').sockets.get(c.socket.id!);
    if (!s) throw new Error('no server-side socket');
    return s;
  };

  beforeAll(async () => {
    server = await startServer({ redisUrl: null, env: { COMMANDS_PER_SECOND: '1', COMMAND_BURST: '4' } });
    session = await createSession(server);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server.close();
  });

  it('holds O(1) listeners per socket, not one per command, and no logger of its own', async () => {
    const p = await joinSession(server, session.joinCode, 'Ada');
    const c = client(p.token);
    await c.ready();
    const s = serverSocket(c);
    const perEvent = s.eventNames().reduce((n, e) => n + s.listenerCount(e), 0);
    // The registry has dozens of commands; the socket has one catch-all dispatcher and its disconnect handler.
    expect(COMMAND_NAMES.length).toBeGreaterThan(40);
    expect(s.listenersAny()).toHaveLength(1);
    expect(perEvent).toBeLessThanOrEqual(2);
    expect(s.eventNames().some((e) => (COMMAND_NAMES as string[]).includes(String(e)))).toBe(false);
    expect(Object.keys(s.data)).not.toContain('log');
    // The dispatcher is one function shared by every socket, not a closure per connection.
    const other = client((await joinSession(server, session.joinCode, 'Bo')).token);
    await other.ready();
    expect(serverSocket(other).listenersAny()[0]).toBe(s.listenersAny()[0]);
  });

  it('acks through the dispatcher, refuses unknown events and bad payloads with their typed errors', async () => {
    const c = client(session.onsiteModeratorToken);
    await c.ready();
    // Three commands below take a token (unknown events take none); the bucket holds 3 after the sync, +1 a second.
    const time = await c.request('time:sync', { clientSentAt: 1 });
    expect(time).toMatchObject({ ok: true });
    expect(typeof time.serverTime).toBe('number');
    expect(await c.request('poll:hack', { x: 1 })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
    // An ack and no payload: the ack is the only argument, the payload is missing.
    expect(await c.socket.timeout(5000).emitWithAck('time:sync')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    // Without an ack, refusals come back as session:error (unknown event, and a bad payload).
    c.socket.emit('no:such', 1);
    c.socket.emit('people:rename', { personId: 42 });
    await eventually(() => expect(c.raw.filter((r) => r.event === 'session:error')).toHaveLength(2));
    const errors = c.raw.filter((r) => r.event === 'session:error').map((r) => r.args[0]);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ event: 'no:such', error: expect.objectContaining({ code: 'UNKNOWN_EVENT' }) }),
        expect.objectContaining({ event: 'people:rename', error: expect.objectContaining({ code: 'BAD_REQUEST' }) }),
      ]),
    );
  }, 20_000);

  it('keeps the rate limit per socket: one socket spent, another of the same person still served', async () => {
    const p = await joinSession(server, session.joinCode, 'Cy');
    const first = client(p.token);
    const second = client(p.token);
    await Promise.all([first.ready(), second.ready()]); // one command each (session:sync)
    const answers = await Promise.all(Array.from({ length: 6 }, () => first.request('time:sync', { clientSentAt: 1 })));
    const limited = answers.filter((r) => r.ok === false && r.error.code === 'RATE_LIMITED').length;
    expect(limited).toBeGreaterThanOrEqual(2);
    expect(await second.request('time:sync', { clientSentAt: 2 })).toMatchObject({ ok: true });
  });
});
