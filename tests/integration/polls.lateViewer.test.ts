import { describe, expect, it } from 'vitest';
import { createSession, joinSession, observerToken, projectorToken } from '../helpers/servers.js';
import { useServers } from '../helpers/fixture.js';
import { eventually } from '../helpers/clients.js';

describe('[P26] a screen that connects in the middle of a poll', () => {
  const t = useServers();

  it('gets the current tally at once, without waiting for the next ballot', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    const voters = await Promise.all(['V1', 'V2', 'V3'].map((n) => joinSession(a, session.joinCode, n)));
    const clients = voters.map((v) => t.client(a.url, v.token));
    await Promise.all([mod, ...clients].map((c) => c.ready()));
    const { pollId } = await mod.request('polls:create', { poll: { kind: 'yesno', question: 'Tea break now?', resultsVisibility: 'afterClose' } });
    expect((await mod.request('polls:open', { pollId })).ok).toBe(true);
    for (const [i, c] of clients.entries()) {
      await c.until((s) => s.polls[pollId]?.status === 'open');
      expect((await c.request('polls:vote', { pollId, ballot: { choices: [i === 0 ? 1 : 0] } })).ok).toBe(true);
    }
    // Late screens, on the other instance: an observer and the projector. Results hidden from participants
    // ("afterClose") are hidden from them too since issue 16 (the wall never shows votes forming): only a
    // moderator's screen gets the tally at once.
    const lateMod = t.client(b.url, session.onlineModeratorToken);
    const observer = t.client(b.url, (await observerToken(b, session.observerUrl, 'Late')).token);
    const projector = t.client(b.url, projectorToken(session.projectorUrl));
    await Promise.all([lateMod.ready(), observer.ready(), projector.ready()]);
    await eventually(() => {
      const msgs = lateMod.raw.filter((r) => r.event === 'poll:results').map((r) => r.args[0] as { pollId: string; overall: { counts: number[] } });
      expect(msgs.at(-1)).toMatchObject({ pollId, overall: { counts: [2, 1] } });
    });
    // A late participant may not see results before the close ("afterClose"): none is sent to them, nor to the
    // observer and the projector. The moderator connecting after them is served in order, so once it has its
    // tally the others' hooks have run too.
    const late = t.client(b.url, (await joinSession(b, session.joinCode, 'V4')).token);
    await late.ready();
    const after = t.client(b.url, session.onsiteModeratorToken);
    await after.ready();
    await eventually(() => expect(after.raw.some((r) => r.event === 'poll:results')).toBe(true));
    for (const c of [late, observer, projector]) expect(c.raw.filter((r) => r.event === 'poll:results')).toEqual([]);
    // Once the results are public (switched to live), the late screens get the tally at once, without a new ballot.
    expect((await mod.request('polls:setVisibility', { pollId, resultsVisibility: 'live' })).ok).toBe(true);
    for (const screen of [observer, projector, late]) {
      await eventually(() => {
        const msgs = screen.raw.filter((r) => r.event === 'poll:results').map((r) => r.args[0] as { pollId: string; overall: { counts: number[] } });
        expect(msgs.at(-1)).toMatchObject({ pollId, overall: { counts: [2, 1] } });
      });
    }
  });
});
