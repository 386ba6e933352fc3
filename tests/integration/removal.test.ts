import { describe, expect, it } from 'vitest';
import { createSession, joinSession } from '../helpers/servers.js';
import { connectError, type TestClient } from '../helpers/clients.js';
import { useServers } from '../helpers/fixture.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { isConnected } from '../../shared/domain/state.js';

describe('[F3] removing a person', () => {
  const t = useServers();

  it('a removal on instance A disconnects the person on instance B within a second; the token is refused afterwards', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    const troll = await joinSession(b, session.joinCode, 'Troll');
    const other = await joinSession(b, session.joinCode, 'Kind');
    const trollTab1 = t.client(b.url, troll.token);
    const trollTab2 = t.client(a.url, troll.token);
    const kind = t.client(b.url, other.token);
    await Promise.all([mod.ready(), trollTab1.ready(), trollTab2.ready(), kind.ready()]);
    await mod.until((s) => isConnected(s.people[troll.personId]));

    const gone = (c: TestClient) => new Promise<number>((resolve) => c.socket.on('disconnect', () => resolve(Date.now())));
    const [g1, g2] = [gone(trollTab1), gone(trollTab2)];
    const t0 = Date.now();
    const res = await mod.request('people:remove', { personId: troll.personId, reason: 'insults, code of conduct' });
    expect(res.ok).toBe(true);
    const [t1, t2] = await Promise.all([g1, g2]);
    expect(t1 - t0).toBeLessThan(1000);
    expect(t2 - t0).toBeLessThan(1000);
    expect(trollTab1.raw.some((r) => r.event === 'session:closing' && (r.args[0] as { code: string }).code === 'REMOVED')).toBe(true);

    for (const server of t.servers) {
      const err = await connectError(server.url, { token: troll.token, protocol: PROTOCOL_VERSION });
      expect(err.data?.code).toBe('REMOVED');
    }
    // Everyone else sees the person leave the roster, and keeps being served.
    await kind.until((s) => s.people[troll.personId].removed);
    expect((await kind.request('time:sync', { clientSentAt: 1 })).ok).toBe(true);
    // Moderators cannot be removed, and nobody can remove themselves.
    const self = await mod.request('people:remove', { personId: mod.personId, reason: 'x' });
    expect(self.ok).toBe(false);
  });
});
