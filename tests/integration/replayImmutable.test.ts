import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import { toWire } from '../../server/capabilities/session/handlers.js';
import { createSession, joinSession } from '../helpers/servers.js';
import { eventually } from '../helpers/clients.js';
import { useServers } from '../helpers/fixture.js';

describe('[E6] events are immutable once stored', () => {
  const t = useServers();

  it('after renames and presence changes, replays (session:sync from 0, hub.recentSince) are byte-equal to the stored log', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    await mod.ready();
    const joined = await joinSession(a, session.joinCode, 'Maria');
    // Presence: connected on one instance, then on the other, then gone; each change mutates the person.
    const first = t.client(a.url, joined.token);
    await first.ready();
    await mod.until((s) => Object.keys(s.people[joined.personId]?.connections ?? {}).length === 1);
    const second = t.client(b.url, joined.token);
    await second.ready();
    await mod.until((s) => Object.keys(s.people[joined.personId]?.connections ?? {}).length === 2);
    for (const name of ['Maria G.', 'Maria Garcia', 'Maria (table 4)']) {
      expect((await mod.request('people:rename', { personId: joined.personId, name })).ok).toBe(true);
    }
    expect((await mod.request('people:setLabel', { personId: joined.personId, label: 'press' })).ok).toBe(true);
    first.close();
    second.close();
    await mod.until((s) => Object.keys(s.people[joined.personId]?.connections ?? {}).length === 0, 8000);
    expect((await mod.request('people:rename', { personId: joined.personId, name: 'Maria, after leaving' })).ok).toBe(true);

    const stored = await a.app.store.readLog(session.sessionId, 0);
    const joinedEvent = stored.find((e) => e.type === 'person:joined' && (e.data as { person: { id: string } }).person.id === joined.personId)!;
    // The stored event still says what was true when it was logged.
    expect(joinedEvent.data).toMatchObject({ person: { name: 'Maria', connections: {} } });

    // Every instance that serves the session replays exactly the stored bytes.
    for (const server of [a, b]) {
      const rt = await server.app.hub.require(session.sessionId);
      await eventually(() => expect(rt.state.seq).toBe(stored[stored.length - 1].seq), 5000);
      const replay = server.app.hub.recentSince(rt, 0)!;
      expect(JSON.stringify(replay)).toBe(JSON.stringify(stored));
    }

    // A reconnecting client asking from seq 0 gets each event as stored (in the wire shape).
    const late = t.client(b.url, session.onsiteModeratorToken);
    const res = await late.request('session:sync', { sinceSeq: 0 });
    expect(res.replay.kind).toBe('events');
    // Read the log again: the late client's own connection may have logged a presence change meanwhile.
    const storedNow = await a.app.store.readLog(session.sessionId, 0);
    const bySeq = new Map(storedNow.map((e: StoredEvent) => [e.seq, e]));
    expect(res.replay.events.length).toBeGreaterThan(5);
    for (const e of res.replay.events) expect(JSON.stringify(e)).toBe(JSON.stringify(toWire(bySeq.get(e.seq)!)));
    expect(res.replay.events.some((e: { type: string }) => e.type === 'person:joined')).toBe(true);
  });
});
