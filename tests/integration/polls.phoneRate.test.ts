import { describe, expect, it } from 'vitest';
import { isPhoneWindow, LIVE_WINDOW_MS, PHONE_EVERY_WINDOWS, splitForPhones } from '../../server/capabilities/polls/liveResults.js';
import { createSession, joinSession, observerToken, startServer } from '../helpers/servers.js';
import { useServers } from '../helpers/fixture.js';
import { eventually } from '../helpers/clients.js';

type Tally = { pollId: string; overall: { n: number } };

describe('[P27] live tallies: the screens four times a second, the phones once (issue 20)', () => {
  it('splits a results audience into its screens and its phones, and agrees on the phone windows', () => {
    expect(splitForPhones({ roles: ['moderator', 'observer', 'projector'], rooms: ['plenary'] })).toEqual({
      screens: { roles: ['moderator', 'observer', 'projector'] },
      phones: { rooms: ['plenary'], exceptRoles: ['moderator', 'observer', 'projector'] },
    });
    // Moderators only (hidden results): nothing to split.
    expect(splitForPhones({ roles: ['moderator'] })).toBeNull();
    const second = 1_700_000_000_000;
    const windows = Array.from({ length: PHONE_EVERY_WINDOWS * 3 }, (_, k) => isPhoneWindow(second + k * LIVE_WINDOW_MS + 5));
    expect(windows.filter(Boolean)).toHaveLength(3);
  });

  const t = useServers(async () => [await startServer()]);

  it('during a stream of ballots a phone gets at most one tally a second, the observer more; both end on the last one', async () => {
    const [server] = t.servers;
    const session = await createSession(server);
    const mod = t.client(server.url, session.onsiteModeratorToken);
    const phone = t.client(server.url, (await joinSession(server, session.joinCode, 'Watcher')).token);
    const observer = t.client(server.url, (await observerToken(server, session.observerUrl, 'Olga')).token);
    const voters = await Promise.all(Array.from({ length: 14 }, (_, i) => joinSession(server, session.joinCode, `V${i}`)));
    const clients = voters.map((v) => t.client(server.url, v.token));
    await Promise.all([mod, phone, observer, ...clients].map((c) => c.ready()));
    const { pollId } = await mod.request('polls:create', { poll: { kind: 'yesno', question: 'Live?', resultsVisibility: 'live' } });
    expect((await mod.request('polls:open', { pollId })).ok).toBe(true);
    const tallies = (c: typeof phone) => c.raw.filter((r) => r.event === 'poll:results').map((r) => r.args[0] as Tally).filter((r) => r.pollId === pollId);
    const t0 = Date.now();
    for (const [i, c] of clients.entries()) {
      await c.until((s) => s.polls[pollId]?.status === 'open');
      expect((await c.request('polls:vote', { pollId, ballot: { choices: [i % 2] } })).ok).toBe(true);
      await new Promise((r) => setTimeout(r, 180));
    }
    const seconds = (Date.now() - t0) / 1000;
    // The trailing tally reaches both, the phone within a phone window.
    await eventually(() => {
      expect(tallies(observer).at(-1)?.overall.n).toBe(14);
      expect(tallies(phone).at(-1)?.overall.n).toBe(14);
    }, 3000);
    const phoneCount = tallies(phone).length;
    const observerCount = tallies(observer).length;
    expect(observerCount).toBeGreaterThan(phoneCount);
    expect(phoneCount).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
    expect(phoneCount).toBeGreaterThanOrEqual(2);
  });
});
