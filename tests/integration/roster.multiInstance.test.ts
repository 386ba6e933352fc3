import { describe, expect, it } from 'vitest';
import { createSession, joinSession } from '../helpers/servers.js';
import { eventually, type TestClient } from '../helpers/clients.js';
import { useServers } from '../helpers/fixture.js';
import { isConnected } from '../../shared/domain/state.js';

describe('[F1] two instances on one Redis', () => {
  const t = useServers();

  it('50 participants joining through both instances see the same roster, order and sequence number', async () => {
    const { servers } = t;
    const clients: TestClient[] = [];
    const session = await createSession(servers[0]);
    const joins = await Promise.all(
      Array.from({ length: 50 }, (_, i) => joinSession(servers[i % 2], session.joinCode, `Person ${i}`, i % 3 === 0 ? 'onsite' : 'online')),
    );
    for (const [i, j] of joins.entries()) {
      clients.push(t.client(servers[(i + 1) % 2].url, j.token));
    }
    await Promise.all(clients.map((c) => c.ready()));
    // Everyone is connected once every client has seen all 50 connections (in roster digests: issue 20).
    await eventually(() => {
      for (const c of clients) {
        const people = c.state!.roster.map((id) => c.state!.people[id]);
        expect(people.filter((p) => p.role === 'participant' && isConnected(p))).toHaveLength(50);
      }
    }, 15_000);
    // Connection counts are the staff's events (issue 20): each phone's seq stopped where its snapshot was. An
    // event for everyone brings them all to the same seq.
    const mod = t.client(servers[0].url, session.onsiteModeratorToken);
    await mod.ready();
    const marker = await mod.request('people:rename', { personId: joins[0].personId, name: 'Person 0.' });
    expect(marker.ok).toBe(true);
    await eventually(() => {
      for (const c of clients) expect(c.state!.seq).toBe(marker.seq);
    }, 10_000);
    const reference = clients[0].state!;
    for (const c of clients) {
      expect(c.state!.roster).toEqual(reference.roster);
      expect(c.state!.roster.map((id) => c.state!.people[id].name)).toEqual(reference.roster.map((id) => reference.people[id].name));
    }
    expect(reference.roster).toHaveLength(52); // two moderators + 50
    expect(new Set(reference.roster.map((id) => reference.people[id].name)).size).toBe(52);
  });
});
