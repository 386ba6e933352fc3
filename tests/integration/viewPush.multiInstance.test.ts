import { describe, expect, it } from 'vitest';
import { SessionConnection } from '../../client/src/net/connection.js';
import { PLENARY_ID } from '../../shared/domain/state.js';
import { createSession, joinSession } from '../helpers/servers.js';
import { useServers } from '../helpers/fixture.js';
import { eventually, TestClient } from '../helpers/clients.js';

/**
 * [V20] Views pushed on widening (issue 20). When what a connection may see widens into a room with history,
 * the instance holding the socket pushes that socket its own snapshot (`session:view`, the `session:sync` reply
 * shape, redacted for it) instead of asking it to sync: no `session:sync` round trip, nothing of other rooms.
 */
describe('[V20] a widened view is pushed, not asked for', () => {
  const t = useServers();

  it('a phone moved into a breakout with chat history gets that history without sending session:sync', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    await mod.ready();
    for (const name of ['Table 7', 'Table 8']) expect((await mod.request('rooms:create', { name })).ok).toBe(true);
    await mod.until((s) => s.roomOrder.length === 3);
    const [room7, room8] = mod.state!.roomOrder.slice(1);
    const [ana, ben, cleo] = await Promise.all(['Ana', 'Ben', 'Cleo'].map((n) => joinSession(a, session.joinCode, n)));
    // Ana talks in room 7, Ben in room 8 (through instance a); Cleo's phone is on instance b, in the plenary.
    const anaC = t.client(a.url, ana.token);
    const benC = t.client(a.url, ben.token);
    const phone = new SessionConnection({ token: cleo.token, url: b.url, storage: null });
    // Every command the phone sends, as the socket sends it (session:sync included).
    const sent: string[] = [];
    phone.socket.onAnyOutgoing((event) => sent.push(String(event)));
    const received: string[] = [];
    phone.socket.onAny((event) => received.push(String(event)));
    try {
      await Promise.all([anaC.ready(), benC.ready()]);
      await eventually(() => expect(phone.status).toBe('connected'), 15_000);
      expect((await mod.request('rooms:assign', { personId: ana.personId, roomId: room7 })).ok).toBe(true);
      expect((await mod.request('rooms:assign', { personId: ben.personId, roomId: room8 })).ok).toBe(true);
      expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
      await anaC.until((s) => s.people[ana.personId].roomId === room7);
      await benC.until((s) => s.people[ben.personId].roomId === room8);
      expect((await anaC.request('chat:send', { text: 'Said in 7 before Cleo came' })).ok).toBe(true);
      expect((await benC.request('chat:send', { text: 'Said in 8, not for Cleo' })).ok).toBe(true);
      // A barrier the phone sees, after the two chats it does not: once it arrived, the phone's stream has passed
      // them (staff-only roster news may still move the moderators' seq past the phone's: that is by design).
      expect((await mod.request('rooms:broadcast', { text: 'Barrier after the chats' })).ok).toBe(true);
      await eventually(() => expect(phone.state!.roomsRun.broadcast?.text).toBe('Barrier after the chats'), 10_000);
      const syncsBefore = sent.filter((e) => e === 'session:sync').length;
      expect(syncsBefore).toBe(1); // the one after connecting
      expect(phone.state!.chat[room7]).toBeUndefined();

      expect((await mod.request('rooms:assign', { personId: cleo.personId, roomId: room7 })).ok).toBe(true);
      await eventually(() => expect((phone.state!.chat[room7] ?? []).map((m) => m.text)).toEqual(['Said in 7 before Cleo came']), 10_000);
      expect(phone.state!.people[cleo.personId].roomId).toBe(room7);
      // The history came in the pushed view, and nothing of the room Cleo was not moved to.
      expect(received).toContain('session:view');
      expect(received).not.toContain('session:resync');
      expect(phone.state!.chat[room8]).toBeUndefined();
      expect(sent.filter((e) => e === 'session:sync').length).toBe(syncsBefore);
      expect(phone.syncs).toBe(1);
      expect(phone.gapSyncs).toBe(0);

      // Live events after the pushed view apply on top of it (no gap, no sync).
      expect((await anaC.request('chat:send', { text: 'Welcome, Cleo' })).ok).toBe(true);
      await eventually(() => expect((phone.state!.chat[room7] ?? []).map((m) => m.text)).toContain('Welcome, Cleo'), 10_000);
      expect(sent.filter((e) => e === 'session:sync').length).toBe(syncsBefore);
    } finally {
      phone.close();
    }
  }, 60_000);

  it('a visiting moderator gets the room pushed; a client of the previous protocol is still told to resync', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(b.url, session.onsiteModeratorToken);
    // The same moderator in an older tab (protocol 1 did not know `session:view`).
    const oldTab = new TestClient(b.url, session.onsiteModeratorToken, { protocol: 1 });
    t.clients.push(oldTab);
    await Promise.all([mod.ready(), oldTab.ready()]);
    expect((await mod.request('rooms:create', { name: 'Table 9' })).ok).toBe(true);
    await mod.until((s) => s.roomOrder.length === 2, 15_000);
    const room9 = mod.state!.roomOrder[1];
    const dan = await joinSession(a, session.joinCode, 'Dan');
    const danC = t.client(a.url, dan.token);
    await danC.ready();
    expect((await mod.request('rooms:assign', { personId: dan.personId, roomId: room9 })).ok).toBe(true);
    expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    await danC.until((s) => s.people[dan.personId].roomId === room9, 15_000);
    expect((await danC.request('chat:send', { text: 'Dan in 9' })).ok).toBe(true);
    await mod.until((s) => s.seq >= danC.state!.seq, 15_000);
    expect(mod.state!.chat[room9]).toBeUndefined();

    const outgoing: string[] = [];
    mod.socket.onAnyOutgoing((event) => outgoing.push(String(event)));
    expect((await mod.request('rooms:visit', { roomId: room9 })).ok).toBe(true);
    await mod.until((s) => (s.chat[room9] ?? []).some((m) => m.text === 'Dan in 9'), 15_000);
    expect(mod.raw.map((r) => r.event)).toContain('session:view');
    expect(outgoing).toEqual(['rooms:visit']);
    // The old tab is the same person: its view widened too, and it was asked to sync as before.
    await oldTab.until((s) => (s.chat[room9] ?? []).some((m) => m.text === 'Dan in 9'), 15_000);
    expect(oldTab.raw.map((r) => r.event)).toContain('session:resync');
    expect(oldTab.raw.map((r) => r.event)).not.toContain('session:view');
    expect(mod.state!.people[dan.personId].roomId).not.toBe(PLENARY_ID);
  }, 60_000);
});
