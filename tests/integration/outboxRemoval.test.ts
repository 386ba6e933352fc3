import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionConnection } from '../../client/src/net/connection.js';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient, eventually } from '../helpers/clients.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.js';

/** Local storage as the browser has it, in memory. */
class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    this.m.set(k, String(v));
  }
}

/**
 * The outbox retries "while the person is in the session": once they are removed, what waits can never be sent.
 * The browser's connection logic runs in Node, through a TCP proxy that cuts its link for real.
 */
describe('[OB7] the outbox of a person removed while actions wait', () => {
  let server: TestServer;
  let proxy: TcpProxy;
  let moderator: TestClient;
  let conn: SessionConnection;
  const storage = new MemoryStorage();

  beforeAll(async () => {
    server = await startServer();
    proxy = await startTcpProxy(Number(new URL(server.url).port));
  });
  afterAll(async () => {
    conn?.close();
    moderator?.close();
    await proxy?.close();
    await server?.close();
  });

  it('is emptied: each waiting action is answered REMOVED, nothing is sent, and nothing stays in storage', async () => {
    const s = await createSession(server);
    const p = await joinSession(server, s.joinCode, 'Leaving');
    moderator = new TestClient(server.url, s.onsiteModeratorToken);
    await moderator.ready();
    conn = new SessionConnection({ token: p.token, url: proxy.url, storageKey: 'dr:outbox:participant', storage });
    await eventually(() => expect(conn.status).toBe('connected'));

    proxy.cut();
    await eventually(() => expect(conn.status).not.toBe('connected'));
    const chat = conn.request('chat:send', { roomId: 'plenary', text: 'sent after my removal?' });
    const hand = conn.request('queue:raise', { roomId: 'plenary' });
    expect(conn.pending).toBe(2);
    expect(conn.outboxWaiting).toBe(true);
    expect(JSON.parse(storage.getItem('dr:outbox:participant')!)).toHaveLength(2);

    expect((await moderator.request('people:remove', { personId: p.personId, reason: 'left the venue' })).ok).toBe(true);
    proxy.restore(); // the handshake is refused with REMOVED: the connection closes for good

    expect(await chat).toMatchObject({ ok: false, error: { code: 'REMOVED' } });
    expect(await hand).toMatchObject({ ok: false, error: { code: 'REMOVED' } });
    expect(conn.status).toBe('closed');
    expect(conn.pending).toBe(0);
    expect(JSON.parse(storage.getItem('dr:outbox:participant')!)).toEqual([]);
    // Told by the frame's closed notice, not as refused actions one by one.
    expect(conn.refused.list()).toEqual([]);
    // A marker from the moderator: had the chat been sent, it would be logged before the marker.
    expect((await moderator.request('chat:send', { cid: 'ob7-marker', roomId: 'plenary', text: 'marker' })).ok).toBe(true);
    await moderator.until((st) => (st.chat.plenary ?? []).some((m) => m.text === 'marker'));
    expect(moderator.state!.chat.plenary!.map((m) => m.text)).toEqual(['marker']);
  });
});
