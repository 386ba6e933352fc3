import { describe, expect, it } from 'vitest';
import { createSession, joinSession, observerToken } from '../helpers/servers.js';
import { useServers } from '../helpers/fixture.js';
import { PLENARY_ID } from '../../shared/domain/state.js';

describe('[P25] polls in breakout groups (two instances, real Redis)', () => {
  const t = useServers();

  it('a poll to every breakout keeps each group apart; a poll to one room refuses the others', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    const observer = t.client(b.url, (await observerToken(b, session.observerUrl, 'Obs')).token);
    const people = await Promise.all(Array.from({ length: 8 }, (_, i) => joinSession(t.servers[i % 2], session.joinCode, `P${i}`, i % 2 ? 'online' : 'onsite')));
    const voters = people.map((p, i) => t.client(t.servers[(i + 1) % 2].url, p.token));
    await Promise.all([mod, observer, ...voters].map((c) => c.ready()));

    expect((await mod.request('rooms:autoAssign', { mode: 'balanced', groups: 2 })).ok).toBe(true);
    expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    for (const v of voters) await v.until((s) => s.people[v.personId!].roomId !== PLENARY_ID);
    const roomOf = (i: number) => voters[i].state!.people[people[i].personId].roomId;
    const rooms = [...new Set(people.map((_, i) => roomOf(i)))];
    expect(rooms).toHaveLength(2);

    // Every breakout: group 0 says yes, group 1 says no.
    const { pollId } = await mod.request('polls:create', { poll: { kind: 'yesno', question: 'Ready to report back?', target: { kind: 'breakouts' }, resultsVisibility: 'live' } });
    expect((await mod.request('polls:open', { pollId })).ok).toBe(true);
    for (const [i, v] of voters.entries()) {
      await v.until((s) => s.polls[pollId]?.status === 'open');
      const choice = roomOf(i) === rooms[0] ? 0 : 1;
      expect((await v.request('polls:vote', { pollId, ballot: { choices: [choice] } })).ok).toBe(true);
    }
    expect((await mod.request('polls:close', { pollId })).ok).toBe(true);
    await observer.until((s) => s.pollResults[pollId]?.final === true);
    const results = observer.state!.pollResults[pollId];
    const sizes = rooms.map((r) => people.filter((_, i) => roomOf(i) === r).length);
    expect(results.byRoom[rooms[0]].counts).toEqual([sizes[0], 0]);
    expect(results.byRoom[rooms[1]].counts).toEqual([0, sizes[1]]);
    expect(results.overall.counts).toEqual([sizes[0], sizes[1]]);

    // One room only: members of the other room are refused and nothing is recorded for them.
    const single = await mod.request('polls:create', { poll: { kind: 'yesno', question: 'Group A only', target: { kind: 'room', roomId: rooms[0] } } });
    expect((await mod.request('polls:open', { pollId: single.pollId })).ok).toBe(true);
    const outsider = people.findIndex((_, i) => roomOf(i) === rooms[1]);
    const insider = people.findIndex((_, i) => roomOf(i) === rooms[0]);
    await voters[outsider].until((s) => s.polls[single.pollId]?.status === 'open');
    expect(await voters[outsider].request('polls:vote', { pollId: single.pollId, ballot: { choices: [0] } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await voters[insider].until((s) => s.polls[single.pollId]?.status === 'open');
    expect((await voters[insider].request('polls:vote', { pollId: single.pollId, ballot: { choices: [0] } })).ok).toBe(true);
    const ballots = await a.app.store.readBallots(session.sessionId, single.pollId);
    expect([...ballots.keys()]).toEqual([people[insider].personId]);
  });
});
