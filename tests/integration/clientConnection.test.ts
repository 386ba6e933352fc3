import { describe, expect, it } from 'vitest';
import { SessionConnection } from '../../client/src/net/connection.js';
import { createSession, joinSession, startServer, REDIS_URL } from '../helpers/servers.js';
import { eventually } from '../helpers/clients.js';
import { OwnRedis } from '../helpers/redisServer.js';
import { isConnected } from '../../shared/domain/state.js';

/** The browser client's connection logic, run in Node against real servers. */
describe('[C1] the client connection', () => {
  it('keeps commands made while the server is gone and sends each exactly once when it returns', async () => {
    const first = await startServer({ redisUrl: REDIS_URL });
    const port = new URL(first.url).port;
    const session = await createSession(first);
    const p = await joinSession(first, session.joinCode, 'Target');
    const conn = new SessionConnection({ token: session.onsiteModeratorToken, url: first.url, storage: null });
    try {
      await eventually(() => expect(conn.status).toBe('connected'));
      expect(conn.state!.people[p.personId].name).toBe('Target');

      await first.close(); // the only instance vanishes: for this client, the network is cut
      await eventually(() => expect(['reconnecting', 'offline']).toContain(conn.status));
      const renamed = conn.request('people:rename', { personId: p.personId, name: 'Renamed offline' });
      const labelled = conn.request('people:setLabel', { personId: p.personId, label: 'table 2' });
      expect(conn.pending).toBe(2);

      // The same address comes back (another instance on the same Redis): the outbox drains in order.
      const second = await startServer({ redisUrl: REDIS_URL, env: { PORT: port } }).catch(() => null);
      const back = second ?? (await startServer({ redisUrl: REDIS_URL }));
      try {
        if (!second) throw new Error(`port ${port} was not free again`);
        const [r1, r2] = await Promise.all([renamed, labelled]);
        expect(r1).toMatchObject({ ok: true });
        expect(r2).toMatchObject({ ok: true });
        expect(conn.pending).toBe(0);
        await eventually(() => expect(conn.state!.people[p.personId]).toMatchObject({ name: 'Renamed offline', label: 'table 2' }));
        const log = await back.app.store.readLog(session.sessionId, 0);
        expect(log.filter((e) => e.type === 'person:renamed')).toHaveLength(1);
        expect(log.filter((e) => e.type === 'person:labelled')).toHaveLength(1);
        await eventually(() => expect(isConnected(conn.state!.people[conn.personId!])).toBe(true));
      } finally {
        await back.close();
      }
    } finally {
      conn.close();
    }
  });

  it('a retried command (same command id) is applied once', async () => {
    const server = await startServer({ redisUrl: REDIS_URL });
    const session = await createSession(server);
    const p = await joinSession(server, session.joinCode, 'Once');
    const conn = new SessionConnection({ token: session.onsiteModeratorToken, url: server.url, storage: null });
    try {
      await eventually(() => expect(conn.status).toBe('connected'));
      const payload = { personId: p.personId, label: 'press', cid: 'retry-0123456789' };
      const [a, b] = await Promise.all([conn.socket.timeout(5000).emitWithAck('people:setLabel', payload), conn.socket.timeout(5000).emitWithAck('people:setLabel', payload)]);
      expect(a).toMatchObject({ ok: true });
      expect(b).toMatchObject({ ok: true });
      const log = await server.app.store.readLog(session.sessionId, 0);
      expect(log.filter((e) => e.type === 'person:labelled')).toHaveLength(1);
    } finally {
      conn.close();
      await server.close();
    }
  });

  it('a removed person sees the connection closed with the reason, and it does not retry', async () => {
    const server = await startServer();
    const session = await createSession(server);
    const p = await joinSession(server, session.joinCode, 'Leaving');
    const mod = new SessionConnection({ token: session.onsiteModeratorToken, url: server.url, storage: null });
    const conn = new SessionConnection({ token: p.token, url: server.url, storage: null });
    try {
      await eventually(() => expect([mod.status, conn.status]).toEqual(['connected', 'connected']));
      expect((await mod.request('people:remove', { personId: p.personId, reason: 'code of conduct' })).ok).toBe(true);
      await eventually(() => expect(conn.status).toBe('closed'));
      expect(conn.closedReason?.code).toBe('REMOVED');
    } finally {
      mod.close();
      conn.close();
      await server.close();
    }
  });

  it('a handshake refused while the store is down is retried by the client until it succeeds', async () => {
    const redis = await OwnRedis.start();
    const server = await startServer({ redisUrl: redis.url });
    try {
      const session = await createSession(server);
      const p = await joinSession(server, session.joinCode, 'Patient');
      // A fresh instance that has not loaded the session must read the store to accept the handshake.
      const fresh = await startServer({ redisUrl: redis.url });
      try {
        await redis.kill();
        const conn = new SessionConnection({ token: p.token, url: fresh.url, storage: null });
        const refusals: string[] = [];
        conn.socket.on('connect_error', (e: Error & { data?: { code: string } }) => e.data && refusals.push(e.data.code));
        await eventually(() => expect(refusals).toContain('UNAVAILABLE'), 8000);
        await redis.start();
        await eventually(() => expect(conn.status).toBe('connected'), 15_000);
        expect(conn.personId).toBe(p.personId);
        conn.close();
      } finally {
        await fresh.close();
      }
    } finally {
      await server.close();
      await redis.stop();
    }
  });
});
