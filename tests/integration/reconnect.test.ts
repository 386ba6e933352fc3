import { describe, expect, it } from 'vitest';
import { createSession, joinSession } from '../helpers/servers.js';
import { eventually } from '../helpers/clients.js';
import { useServers } from '../helpers/fixture.js';
import { isConnected, PLENARY_ID } from '../../shared/domain/state.js';
import { canSee } from '../../shared/domain/audience.js';

describe('[F2] reconnecting and reloading', () => {
  const t = useServers();
  const client = (url: string, token: string) => t.client(url, token);

  it('a participant who drops and reconnects to the other instance receives exactly the events it missed', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = client(a.url, session.onsiteModeratorToken);
    await mod.ready();
    const maria = await joinSession(a, session.joinCode, 'Maria');
    const first = client(a.url, maria.token);
    await first.ready();
    await first.until((s) => isConnected(s.people[maria.personId]));
    const seenSeq = first.state!.seq;
    first.close();

    // While Maria is away: renames, a label, two people join (through the other instance).
    await mod.until((s) => !isConnected(s.people[maria.personId]));
    const jon = await joinSession(b, session.joinCode, 'Jon', 'onsite');
    expect((await mod.request('people:rename', { personId: jon.personId, name: 'Jon K.' })).ok).toBe(true);
    expect((await mod.request('people:setLabel', { personId: jon.personId, label: 'press' })).ok).toBe(true);
    const ana = await joinSession(b, session.joinCode, 'Ana');

    const again = client(b.url, maria.token);
    again.state = structuredClone(first.state);
    const sync = await again.ready(seenSeq);
    expect(sync.replay.kind).toBe('events');
    const log = await b.app.store.readLog(session.sessionId, seenSeq);
    // The events a participant may see: joins and connection counts go to the staff (issue 20).
    const maria_ = { personId: maria.personId, role: 'participant' as const, rooms: [PLENARY_ID] };
    const expected = log.filter((e) => e.seq <= sync.seq && canSee(e.audience, maria_)).map((e) => e.seq);
    expect(sync.replay.events.map((e: { seq: number }) => e.seq)).toEqual(expected);
    expect(sync.replay.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['person:renamed', 'person:labelled']));
    expect(sync.replay.events.map((e: { type: string }) => e.type)).not.toContain('person:joined');
    expect(log.some((e) => e.type === 'person:joined')).toBe(true);
    // The joins come as one full roster digest after the replay: Jon as he is now, and Ana.
    await again.until((s) => s.people[jon.personId]?.name === 'Jon K.' && s.people[jon.personId].label === 'press' && !!s.people[ana.personId]);
    expect(again.raw.some((r) => r.event === 'people:digest' && (r.args[0] as { full: boolean }).full)).toBe(true);
    // Nothing before what the client had is sent again.
    expect(Math.min(...sync.replay.events.map((e: { seq: number }) => e.seq))).toBeGreaterThan(seenSeq);
  });

  it('a reload with the stored token resumes the same person, not a duplicate', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const lea = await joinSession(a, session.joinCode, 'Léa');
    const tab1 = client(a.url, lea.token);
    await tab1.ready();
    tab1.close();
    const tab2 = client(b.url, lea.token);
    const res = await tab2.ready(null);
    expect(res.personId).toBe(lea.personId);
    expect(res.replay.kind).toBe('snapshot');
    await tab2.until((s) => isConnected(s.people[lea.personId]));
    const named = tab2.state!.roster.filter((id) => tab2.state!.people[id].name === 'Léa');
    expect(named).toEqual([lea.personId]);
  });

  it('a client that saw events through one instance can sync on an instance that is behind', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = client(a.url, session.onsiteModeratorToken);
    await mod.ready();
    const p = await joinSession(a, session.joinCode, 'Sam');
    await mod.until((s) => Boolean(s.people[p.personId]));
    // Instance b has not loaded the session yet; a sync far ahead of its state must still be served exactly.
    const c = client(b.url, session.onlineModeratorToken);
    c.state = structuredClone(mod.state);
    const res = await c.ready(mod.state!.seq);
    expect(res.seq).toBeGreaterThanOrEqual(mod.state!.seq);
    expect(res.replay.kind).toBe('events');
    expect(c.state!.roster).toEqual(mod.state!.roster);
    await eventually(() => expect(b.app.hub.loaded()).toContain(session.sessionId));
  });
});
