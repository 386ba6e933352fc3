import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import { createSession, joinSession } from '../helpers/servers.js';
import { useServers } from '../helpers/fixture.js';

type Results = { pollId: string; open?: { answers: Array<{ id: string; text: string }>; hiddenCount: number } };

describe('[E7] ids a command creates are the same on every attempt', () => {
  const t = useServers();

  it('two moderators on two instances create polls with retries racing the first attempts: one poll per command id, every returned id exists', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const moderators = [session.onsiteModeratorToken, session.onlineModeratorToken];
    const clients = moderators.flatMap((token) => [t.client(a.url, token), t.client(b.url, token)]);
    await Promise.all(clients.map((c) => c.ready()));

    // Each moderator sends each command on both instances at once: the "retry" races the first attempt.
    const ROUNDS = 8;
    const sent: Array<{ person: number; cid: string; ack: Promise<{ ok: boolean; pollId?: string }> }> = [];
    for (let i = 0; i < ROUNDS; i++) {
      for (const person of [0, 1]) {
        const cid = `race-create-${person}-${i}`;
        const payload = { poll: { kind: 'yesno', question: `Race ${person}/${i}` }, cid };
        for (const c of [clients[person * 2], clients[person * 2 + 1]]) sent.push({ person, cid, ack: c.request('polls:create', payload) });
      }
    }
    const acks = await Promise.all(sent.map(async (s) => ({ ...s, res: await s.ack })));
    expect(acks.every((x) => x.res.ok)).toBe(true);

    const log = await a.app.store.readLog(session.sessionId, 0);
    const drafted = log.filter((e) => e.type === 'poll:drafted').map((e) => (e.data as { poll: { id: string; question: Record<string, string> } }).poll);
    const ids = new Set(drafted.map((p) => p.id));
    // Exactly one poll per (person, command id)…
    expect(drafted).toHaveLength(ROUNDS * 2);
    expect(ids.size).toBe(ROUNDS * 2);
    // …and both attempts of one command answer with that poll's id, which exists.
    for (const x of acks) expect(ids.has(x.res.pollId!)).toBe(true);
    for (const person of [0, 1]) {
      for (let i = 0; i < ROUNDS; i++) {
        const both = acks.filter((x) => x.person === person && x.cid === `race-create-${person}-${i}`).map((x) => x.res.pollId);
        expect(new Set(both).size).toBe(1);
      }
    }
  });
});

describe('[E8] a decision reads its inputs inside the queued step', () => {
  const t = useServers();

  it('two moderators on two instances hide different answers of a closed poll at once: both stay hidden in the final tally', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const modA = t.client(a.url, session.onsiteModeratorToken);
    const modB = t.client(b.url, session.onlineModeratorToken);
    await Promise.all([modA.ready(), modB.ready()]);
    const ROUNDS = 4;
    const voters = [];
    for (let i = 0; i < ROUNDS * 2; i++) {
      const p = await joinSession(i % 2 ? b : a, session.joinCode, `Voter ${i}`);
      voters.push(t.client(i % 2 ? b.url : a.url, p.token));
    }
    await Promise.all(voters.map((v) => v.ready()));

    const created = await modA.request('polls:create', { poll: { kind: 'open', question: 'One word' } });
    const pollId = created.pollId as string;
    expect((await modA.request('polls:open', { pollId })).ok).toBe(true);
    await Promise.all(voters.map((v) => v.until((s) => s.polls[pollId]?.status === 'open')));
    await Promise.all(voters.map((v, i) => v.request('polls:vote', { pollId, ballot: { text: `answer${i}` } })));
    expect((await modA.request('polls:close', { pollId })).ok).toBe(true);
    await Promise.all([modA, modB].map((m) => m.until((s) => Boolean(s.pollResults[pollId]))));
    const answers = modA.state!.pollResults[pollId].open!.answers.map((x) => x.id);
    expect(answers).toHaveLength(ROUNDS * 2);

    // Round by round, each moderator hides a different answer at the same moment, on a different instance.
    for (let r = 0; r < ROUNDS; r++) {
      const [x, y] = [answers[2 * r], answers[2 * r + 1]];
      const [ra, rb] = await Promise.all([
        modA.request('polls:hideAnswer', { pollId, answerId: x, hidden: true }),
        modB.request('polls:hideAnswer', { pollId, answerId: y, hidden: true }),
      ]);
      expect(ra.ok && rb.ok).toBe(true);
      const log = await a.app.store.readLog(session.sessionId, 0);
      const finals = log.filter((e: StoredEvent) => e.type === 'poll:finalResults').map((e) => (e.data as { results: Results }).results);
      const last = finals[finals.length - 1].open!;
      // Everything hidden so far stays hidden in the last logged tally: no change undid the other.
      const hiddenSoFar = answers.slice(0, 2 * r + 2);
      expect(last.hiddenCount).toBe(hiddenSoFar.length);
      expect(last.answers.map((ans) => ans.id).filter((id) => hiddenSoFar.includes(id))).toEqual([]);
    }
  });
});
