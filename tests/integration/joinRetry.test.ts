import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { useServers } from '../helpers/fixture.js';
import { createSession, joinSession } from '../helpers/servers.js';
import { eventually } from '../helpers/clients.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.js';

const newJoinId = () => randomBytes(16).toString('base64url');

/** Sends POST /api/join over a raw connection and returns the socket (the reply is never read here). */
function rawJoin(port: number, body: object): Promise<net.Socket> {
  const json = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => resolve(sock));
    sock.on('error', reject);
    sock.setNoDelay(true);
    (sock as net.Socket & { request?: string }).request =
      `POST /api/join HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`;
  });
}

describe('[J] idempotent join: a retried join makes one person (two instances, real Redis)', () => {
  const t = useServers();
  const proxies: TcpProxy[] = [];
  afterAll(async () => {
    for (const p of proxies) await p.close();
  });

  const named = (state: { people: Record<string, { id: string; name: string }> } | null, name: string) => Object.values(state?.people ?? {}).filter((p) => p.name === name);

  it('[J1] a join whose reply was lost, sent again with the same joinId (through the other instance), gives the same person and a working token', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(b.url, session.onsiteModeratorToken);
    await mod.ready();
    const proxy = await startTcpProxy(Number(new URL(a.url).port));
    proxies.push(proxy);
    const joinId = newJoinId();
    const body = { code: session.joinCode, name: 'Slow Link', modality: 'online', joinId };

    // First attempt: the server gets the request and answers, but the answer never reaches the phone.
    const sock = await rawJoin(proxy.port, body);
    await eventually(() => expect(proxy.open).toBe(1));
    proxy.holdReplies();
    let replyBytes = 0;
    sock.on('data', (d: Buffer) => (replyBytes += d.length));
    sock.write((sock as net.Socket & { request?: string }).request!);
    await mod.until((s) => named(s, 'Slow Link').length === 1, 10_000);
    // The phone gives up waiting: its connection goes, the reply with it.
    sock.destroy();
    expect(replyBytes).toBe(0);
    proxy.restore();

    // The person taps Join again: same joinId, this time through the other instance (a balancer may route so).
    const again = await joinSession(b, session.joinCode, 'Slow Link', 'online', { joinId });
    const first = named(mod.state, 'Slow Link')[0];
    expect(again.personId).toBe(first.id);
    // And once more through the proxy, now answering.
    const third = await joinSession({ ...a, url: proxy.url }, session.joinCode, 'Slow Link', 'online', { joinId });
    expect(third.personId).toBe(first.id);

    // The token of the retry opens the session as that person.
    const phone = t.client(a.url, again.token);
    const synced = await phone.ready();
    expect(synced.personId).toBe(first.id);
    // The roster has one "Slow Link", also after everything settled on both instances.
    await eventually(async () => {
      const check = t.client(a.url, session.onsiteModeratorToken);
      await check.ready();
      expect(named(check.state, 'Slow Link')).toHaveLength(1);
    });
    expect(named(mod.state, 'Slow Link')).toHaveLength(1);
  }, 30_000);

  it('[J2] two identical joins sent at once, to both instances, give one person', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    await mod.ready();
    const pairs = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const joinId = newJoinId();
        const send = (server: typeof a) => joinSession(server, session.joinCode, `Twin ${i}`, 'onsite', { joinId });
        return Promise.all([send(a), send(b), send(i % 2 ? a : b)]);
      }),
    );
    for (const [x, y, z] of pairs) {
      expect(y.personId).toBe(x.personId);
      expect(z.personId).toBe(x.personId);
    }
    await mod.until((s) => Array.from({ length: 10 }, (_, i) => named(s, `Twin ${i}`).length).every((n) => n >= 1), 10_000);
    const check = t.client(b.url, session.onsiteModeratorToken);
    await check.ready();
    for (let i = 0; i < 10; i++) expect(named(check.state, `Twin ${i}`)).toHaveLength(1);
    // Without a joinId every call is a new person (older phones keep working as before).
    const p1 = await joinSession(a, session.joinCode, 'No Id', 'online');
    const p2 = await joinSession(a, session.joinCode, 'No Id', 'online');
    expect(p1.personId).not.toBe(p2.personId);
  }, 30_000);

  it('[J4] an observer invitation accepted twice at once with the same joinId, on both instances, gives one observer', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const invite = new URL(session.observerUrl).hash.replace('#invite=', '');
    const joinId = newJoinId();
    const accept = async (server: typeof a) => {
      const res = await fetch(`${server.url}/api/invite`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ invite, name: 'Press Twice', label: 'press', joinId }) });
      return (await res.json()) as { ok: boolean; personId: string };
    };
    const [x, y] = await Promise.all([accept(a), accept(b)]);
    expect(x.ok && y.ok).toBe(true);
    expect(y.personId).toBe(x.personId);
    const check = t.client(b.url, session.onsiteModeratorToken);
    await check.ready();
    expect(named(check.state, 'Press Twice')).toHaveLength(1);
  });

  it('[J5] a repeat after a moderator removed that person is refused with REMOVED, not given a new token', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    await mod.ready();
    const joinId = newJoinId();
    const joined = await joinSession(a, session.joinCode, 'Troll', 'online', { joinId });
    expect((await mod.request('people:remove', { personId: joined.personId, reason: 'code of conduct' })).ok).toBe(true);
    const res = await fetch(`${b.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: session.joinCode, name: 'Troll', modality: 'online', joinId }) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('REMOVED');
  });

  it('[J3] a malformed joinId is refused with BAD_REQUEST', async () => {
    const [a] = t.servers;
    const session = await createSession(a);
    for (const joinId of ['short', 'x'.repeat(65), '../../etc/passwd-xxxxxxxx', 42]) {
      const res = await fetch(`${a.url}/api/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: session.joinCode, name: 'Bad Id', modality: 'online', joinId }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    }
  });
});
