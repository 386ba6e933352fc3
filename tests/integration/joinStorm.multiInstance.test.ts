import { readHistory } from '../../server/store/Store.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SessionConnection } from '../../client/src/net/connection.js';
import { createSession, joinSession, observerToken, startCluster } from '../helpers/servers.js';
import { eventually, type TestClient } from '../helpers/clients.js';
import { useServers } from '../helpers/fixture.js';
import { isConnected } from '../../shared/domain/state.js';

const JOINS = 1_000;
const WINDOW_MS = 5_000;
/** Participants with a socket open through the storm, half on each instance: they count what they receive. */
const WATCHERS = 10;

/**
 * [JS1] Joins that scale (issue 20): a join is one logged event for the staff and the newcomer; participants hear of
 * joins in a roster digest (at most one every ~2 s), so a storm of joins costs each phone a few messages, not one
 * per join. A correctness test on two instances and real Redis; the timing belongs to the benchmark.
 */
describe('[JS1] a join storm through two instances', () => {
  // The storm comes from one address: the per-address limits are not what is tested.
  const t = useServers(() => startCluster(2, undefined, { JOINS_PER_MINUTE: '1000000', MAX_CONNECTIONS_PER_ADDRESS: '100000' }));

  it('1,000 joins within 5 s all succeed, each person once, every instance shows the same roster; a phone gets O(1) messages', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    const otherMod = t.client(b.url, session.onlineModeratorToken);
    const observer = t.client(b.url, (await observerToken(b, session.observerUrl, 'Olga')).token);
    const watchers: TestClient[] = [];
    for (let i = 0; i < WATCHERS; i++) {
      const j = await joinSession(t.servers[i % 2], session.joinCode, `Watcher ${i}`);
      watchers.push(t.client(t.servers[(i + 1) % 2].url, j.token));
    }
    await Promise.all([mod, otherMod, observer, ...watchers].map((c) => c.ready()));
    // And one phone running the web client's own connection code, which asks `session:sync` on a gap it believes in.
    const phoneJoin = await joinSession(b, session.joinCode, 'Web phone');
    const phone = new SessionConnection({ token: phoneJoin.token, url: a.url, storage: null });
    onTestFinished(() => phone.close());
    await eventually(() => expect(phone.status).toBe('connected'), 10_000);
    const before = 2 + 1 + WATCHERS + 1; // moderators, observer, watchers, the web phone
    await mod.until((s) => Object.values(s.people).filter(isConnected).length === before, 15_000);
    // Quiet before the storm: let the watchers' own connections' digest pass, then count from here.
    await new Promise((r) => setTimeout(r, 2_500));
    const mark = watchers.map((w) => w.raw.length);

    // The storm: 1,000 HTTP joins, evenly spread over 5 s, alternating instances.
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: JOINS }, (_, i) =>
        new Promise<void>((r) => setTimeout(r, (i * WINDOW_MS) / JOINS)).then(() =>
          joinSession(t.servers[i % 2], session.joinCode, `Storm ${i}`, i % 3 ? 'online' : 'onsite').then(
            (j) => ({ ok: true as const, personId: j.personId }),
            (err: Error) => ({ ok: false as const, error: err.message }),
          ),
        ),
      ),
    );
    const stormMs = Date.now() - started;
    const failed = results.filter((r) => !r.ok);
    expect(failed.slice(0, 3)).toEqual([]);
    const ids = results.map((r) => (r.ok ? r.personId : ''));
    expect(new Set(ids).size).toBe(JOINS);

    // Every instance holds each person once, in the same order, and the log has one join per person.
    const total = before + JOINS;
    const rts = await Promise.all([a, b].map((s) => s.app.hub.require(session.sessionId)));
    await eventually(() => {
      for (const rt of rts) expect(rt.state.roster).toHaveLength(total);
      expect(rts[1].state.seq).toBe(rts[0].state.seq);
    }, 20_000, 50);
    expect(rts[1].state.roster).toEqual(rts[0].state.roster);
    for (const rt of rts) {
      const names = rt.state.roster.map((id) => rt.state.people[id].name);
      expect(new Set(names).size).toBe(total);
      for (const id of ids) expect(rt.state.people[id]?.removed).toBe(false);
    }
    // The whole history: past SNAPSHOT_EVERY events the log is trimmed behind a snapshot into the archive.
    const log = await readHistory(a.app.store, session.sessionId);
    const joinedIds = log.filter((e) => e.type === 'person:joined').map((e) => (e.data as { person: { id: string } }).person.id);
    expect(joinedIds).toHaveLength(new Set(joinedIds).size);
    for (const id of ids) expect(joinedIds).toContain(id);

    // The staff's views got every join (moderators on both instances, the observer).
    for (const c of [mod, otherMod, observer]) await c.until((s) => s.roster.length === total, 15_000);
    expect(otherMod.state!.roster).toEqual(rts[0].state.roster);

    // Each phone: the counts arrive in a digest; no join or connection event of anyone else.
    for (const w of watchers) await w.until((s) => s.rosterCounts?.people === total, 10_000);
    await eventually(() => expect(phone.state!.rosterCounts?.people).toBe(total), 10_000);
    // An event for everyone after the storm jumps ~2,000 seqs (joins, connection counts) on the phone; its `prev`
    // says nothing was sent in between: no gap, no sync round trip.
    const phoneSeq = phone.state!.seq;
    const marker = await mod.request('people:rename', { personId: phoneJoin.personId, name: 'Web phone (renamed)' });
    expect(marker.ok).toBe(true);
    expect(marker.seq - phoneSeq).toBeGreaterThan(JOINS);
    await eventually(() => expect(phone.state!.seq).toBe(marker.seq), 10_000);
    expect(phone.state!.people[phoneJoin.personId].name).toBe('Web phone (renamed)');
    expect(phone.gapSyncs).toBe(0);
    expect(phone.syncs).toBe(1);
    const received = watchers.map((w, i) => w.raw.slice(mark[i]));
    const counts = received.map((msgs) => ({
      messages: msgs.length,
      digests: msgs.filter((m) => m.event === 'people:digest').length,
      joinEvents: msgs.filter((m) => m.event === 'session:event' && (m.args[0] as { type: string }).type === 'person:joined').length,
      presenceEvents: msgs.filter((m) => m.event === 'session:event' && (m.args[0] as { type: string }).type.startsWith('presence:')).length,
    }));
    console.log(
      `[JS1] ${JOINS} joins in ${stormMs} ms through 2 instances; messages per participant socket during the storm: ` +
        counts.map((c) => c.messages).join(', ') +
        ` (digests: ${counts.map((c) => c.digests).join(', ')}; others: ` +
        [...new Set(received.flat().filter((m) => m.event !== 'people:digest').map((m) => (m.event === 'session:event' ? (m.args[0] as { type: string }).type : m.event)))].join(', ') +
        ')',
    );
    // The storm lasts ~5 s and the digests settle within ~2 s more: a few digests, whatever the number of joins.
    const bound = Math.ceil((stormMs + 6_000) / 2_000) + 2;
    for (const c of counts) {
      expect(c.joinEvents).toBe(0);
      expect(c.presenceEvents).toBe(0);
      expect(c.digests).toBeGreaterThanOrEqual(1);
      expect(c.messages).toBeLessThanOrEqual(bound);
    }
    // The session is large: a phone's snapshot in the plenary holds itself and the staff, not the 1,000 newcomers.
    const snap = await watchers[0].request('session:sync', { sinceSeq: null });
    const held = Object.values(snap.replay.state.people as Record<string, { id: string; role: string }>);
    expect(held.map((p) => p.id).sort()).toEqual([watchers[0].personId, ...rts[0].state.roster.filter((id) => rts[0].state.people[id].role !== 'participant')].sort());
    expect(snap.replay.state.rosterCounts.people).toBe(total);
  }, 60_000);
});
