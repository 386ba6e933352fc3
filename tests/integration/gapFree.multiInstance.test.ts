import { describe, expect, it } from 'vitest';
import { SessionConnection } from '../../client/src/net/connection.js';
import { PLENARY_ID } from '../../shared/domain/state.js';
import { createSession, joinSession } from '../helpers/servers.js';
import { useServers } from '../helpers/fixture.js';
import { eventually } from '../helpers/clients.js';

/**
 * [G20] Gap detection only where a gap can be (issue 20). The real client connection (the browser's code, run
 * in Node) on two instances: chat in breakout B must not make the phones of breakout A ask `session:sync`,
 * and opening or recalling breakouts must not send every phone a resync.
 */
describe('[G20] live events carry what each connection was sent before', () => {
  const t = useServers();

  it('a phone in breakout A asks no session:sync for room B chat; open and recall cause no sync storm', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    await mod.ready();
    for (const name of ['Table A', 'Table B']) expect((await mod.request('rooms:create', { name })).ok).toBe(true);
    await mod.until((s) => s.roomOrder.length === 3);
    const [roomA, roomB] = mod.state!.roomOrder.slice(1);

    const joined = await Promise.all(Array.from({ length: 8 }, (_, i) => joinSession(t.servers[i % 2], session.joinCode, `Phone ${i}`)));
    // Phones alternate between the instances; the first four go to room A, the others to room B.
    const phones = joined.map((j, i) => new SessionConnection({ token: j.token, url: t.servers[i % 2].url, storage: null }));
    const inA = phones.slice(0, 4);
    const inB = phones.slice(4);
    try {
      await eventually(() => expect(phones.map((p) => p.status)).toEqual(phones.map(() => 'connected')), 15_000);
      for (const [i, j] of joined.entries()) expect((await mod.request('rooms:assign', { personId: j.personId, roomId: i < 4 ? roomA : roomB })).ok).toBe(true);
      // Let the assignments reach every phone before counting (they are live events, not syncs).
      await eventually(() => expect(phones.every((p, i) => p.state!.roomsRun.groupOf[joined[i].personId] === (i < 4 ? roomA : roomB))).toBe(true), 10_000);
      const syncsBefore = phones.map((p) => p.syncs);

      // Opening breakouts into fresh rooms: each phone applies the move itself, no snapshot asked.
      expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
      await eventually(() => expect(phones.every((p, i) => p.state!.people[joined[i].personId].roomId === (i < 4 ? roomA : roomB))).toBe(true), 10_000);

      const seqBeforeB = Math.max(...inA.map((p) => p.state!.seq));
      // Room B talks: ten messages A's phones are not meant to see (and, on their stream, a jump of ten seqs).
      for (let n = 0; n < 10; n++) expect((await inB[n % 4].request('chat:send', { text: `B says ${n}` })).ok).toBe(true);
      // Then room A says one thing: A's phones get it live, after the jump.
      expect((await inA[0].request('chat:send', { text: 'A says hello' })).ok).toBe(true);
      await eventually(() => expect(inA.every((p) => (p.state!.chat[roomA] ?? []).some((m) => m.text === 'A says hello'))).toBe(true), 10_000);
      await eventually(() => expect(inB.every((p) => (p.state!.chat[roomB] ?? []).length === 10)).toBe(true), 10_000);
      for (const p of inA) {
        expect(p.state!.chat[roomB] ?? []).toEqual([]);
        // They followed the jump past B's ten events (checked below: without a catch-up).
        expect(p.state!.seq).toBeGreaterThan(seqBeforeB + 10);
      }

      // Recall to a plenary that stayed quiet meanwhile: again no snapshot per phone.
      expect((await mod.request('rooms:recall', { countdownSeconds: 0 })).ok).toBe(true);
      await eventually(() => expect(phones.every((p, i) => p.state!.people[joined[i].personId].roomId === PLENARY_ID)).toBe(true), 10_000);
      // And a plenary message afterwards reaches everyone live.
      expect((await mod.request('chat:send', { text: 'Welcome back' })).ok).toBe(true);
      await eventually(() => expect(phones.every((p) => (p.state!.chat[PLENARY_ID] ?? []).some((m) => m.text === 'Welcome back'))).toBe(true), 10_000);

      expect(phones.map((p) => p.gapSyncs)).toEqual(phones.map(() => 0));
      expect(phones.map((p) => p.syncs)).toEqual(syncsBefore);
    } finally {
      for (const p of phones) p.close();
    }
  }, 60_000);
});
