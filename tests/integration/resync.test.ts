import { describe, expect, it } from 'vitest';
import { createSession, joinSession } from '../helpers/servers.js';
import { useServers } from '../helpers/fixture.js';
import { PLENARY_ID } from '../../shared/domain/state.js';

describe('[F7] when what a person may see widens, they get the history too', () => {
  const t = useServers();

  it('a moderator who starts visiting a breakout, and a participant moved into it, see its earlier chat', async () => {
    const [a] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    const people = await Promise.all(['Ana', 'Ben', 'Cleo'].map((n, i) => joinSession(t.servers[i % 2], session.joinCode, n)));
    const [ana, ben, cleo] = people.map((p, i) => t.client(t.servers[(i + 1) % 2].url, p.token));
    await Promise.all([mod, ana, ben, cleo].map((c) => c.ready()));

    const { roomId } = await (async () => {
      expect((await mod.request('rooms:create', { name: 'Table 7' })).ok).toBe(true);
      await mod.until((s) => s.roomOrder.length === 2);
      return { roomId: mod.state!.roomOrder[1] };
    })();
    for (const p of [people[0], people[1]]) expect((await mod.request('rooms:assign', { personId: p.personId, roomId })).ok).toBe(true);
    expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    await ana.until((s) => s.people[people[0].personId].roomId === roomId);
    await ben.until((s) => s.people[people[1].personId].roomId === roomId);
    expect((await ana.request('chat:send', { text: 'Before anyone else came' })).ok).toBe(true);
    await ben.until((s) => (s.chat[roomId] ?? []).length === 1);

    // The moderator was not in the room when the message was posted: visiting brings it.
    expect(mod.state!.chat[roomId]).toBeUndefined();
    expect((await mod.request('rooms:visit', { roomId })).ok).toBe(true);
    await mod.until((s) => (s.chat[roomId] ?? []).some((m) => m.text === 'Before anyone else came'));

    // Cleo joins the group late: she sees what was said before she came.
    expect((await mod.request('rooms:assign', { personId: people[2].personId, roomId })).ok).toBe(true);
    await cleo.until((s) => s.people[people[2].personId].roomId === roomId && (s.chat[roomId] ?? []).length === 1);
    expect(cleo.state!.chat[roomId][0].text).toBe('Before anyone else came');
    expect(cleo.state!.people[people[2].personId].roomId).not.toBe(PLENARY_ID);
  });
});
