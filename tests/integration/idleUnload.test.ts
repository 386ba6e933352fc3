import { afterAll, describe, expect, it } from 'vitest';
import type { SessionState } from '../../shared/domain/state.js';
import { TestClient, eventually } from '../helpers/clients.js';
import { REDIS_URL, createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';

/**
 * Issue 20, Bounded: a loaded session with no socket, no pending command and no due timer for IDLE_UNLOAD_MS is
 * unloaded from the hub (the due loop, running every 250 ms, must not keep it alive), and its next use loads it
 * again from snapshot + tail, unchanged.
 */
const IDLE_MS = 300;

/** What a person sees that does not depend on their own connection (presence counts change as they connect). */
function lasting(s: SessionState) {
  return { title: s.title, chat: s.chat, roster: s.roster, names: s.roster.map((id) => s.people[id]?.name), agenda: s.agenda };
}

function suite(name: string, redisUrl: string | null) {
  describe(`[U] idle unload: ${name}`, () => {
    const servers: TestServer[] = [];
    const clients: TestClient[] = [];
    afterAll(async () => {
      for (const c of clients) c.close();
      for (const s of servers) await s.close();
    });

    it('[U1] an idle session unloads, reloads with the same state and seq, and a client connecting after sees the same snapshot', async () => {
      // SNAPSHOT_EVERY small, so the reload goes through a snapshot and a tail.
      const server = await startServer({ redisUrl, env: { IDLE_UNLOAD_MS: String(IDLE_MS), SNAPSHOT_EVERY: '4' } });
      servers.push(server);
      const created = await createSession(server);
      const sid = created.sessionId;
      const ada = await joinSession(server, created.joinCode, 'Ada');
      const mod = new TestClient(server.url, created.onsiteModeratorToken);
      const part = new TestClient(server.url, ada.token);
      clients.push(mod, part);
      await Promise.all([mod.ready(), part.ready()]);
      for (const text of ['one', 'two', 'three']) expect((await part.request('chat:send', { text })).ok).toBe(true);
      expect((await mod.request('chat:send', { text: 'welcome' })).ok).toBe(true);
      await mod.until((s) => (s.chat.plenary?.length ?? 0) === 4);
      const seenBefore = lasting(mod.state!);

      // While a socket is connected the session stays loaded, well past the idle time.
      await new Promise((r) => setTimeout(r, IDLE_MS * 3));
      expect(server.app.hub.peek(sid)).toBeDefined();

      mod.close();
      part.close();
      // Watch the session until it unloads, keeping its last state (the disconnections are logged first).
      let last: { json: string; seq: number } | null = null;
      await eventually(() => {
        const rt = server.app.hub.peek(sid);
        if (rt) last = { json: JSON.stringify(rt.state), seq: rt.state.seq };
        expect(rt).toBeUndefined();
        expect(server.app.hub.loaded()).not.toContain(sid);
      }, IDLE_MS * 20);
      expect(last).not.toBeNull();
      const before = last!;
      expect(await server.app.hub.store.readSnapshot(sid)).not.toBeNull();

      // The next use loads it again: same state, same seq, same head in the store.
      const rt = await server.app.hub.require(sid);
      expect(rt.state.seq).toBe(before.seq);
      expect(JSON.stringify(rt.state)).toBe(before.json);
      expect(await server.app.hub.store.headSeq(sid)).toBe(before.seq);

      // Unloaded again, then a client connects: its first snapshot shows the same session.
      await eventually(() => expect(server.app.hub.peek(sid)).toBeUndefined(), IDLE_MS * 20);
      const again = new TestClient(server.url, created.onsiteModeratorToken);
      clients.push(again);
      const sync = await again.ready(null);
      expect(sync.replay.kind).toBe('snapshot');
      expect(sync.seq).toBeGreaterThanOrEqual(before.seq);
      expect(lasting(again.state!)).toEqual(seenBefore);
      // And it goes on: the next command continues the same log.
      const posted = await again.request('chat:send', { text: 'after' });
      expect(posted.ok).toBe(true);
      expect(posted.seq).toBeGreaterThan(before.seq);
    }, 30_000);

    it('[U2] a session with a due timer (a poll open until a deadline) stays loaded without sockets, and unloads once it fired', async () => {
      const server = await startServer({ redisUrl, env: { IDLE_UNLOAD_MS: String(IDLE_MS) } });
      servers.push(server);
      const created = await createSession(server);
      const sid = created.sessionId;
      const mod = new TestClient(server.url, created.onsiteModeratorToken);
      clients.push(mod);
      await mod.ready();
      const { pollId } = await mod.request('polls:create', { poll: { kind: 'yesno', question: 'Timed' } });
      expect((await mod.request('polls:open', { pollId, durationSec: 10 })).ok).toBe(true);
      mod.close();
      // Past the idle time, the deadline still holds it: the due loop only walks loaded sessions.
      await new Promise((r) => setTimeout(r, IDLE_MS * 4));
      expect(server.app.hub.peek(sid)).toBeDefined();
      // The deadline closes the poll (the due loop ran on it), then nothing keeps the session: it unloads.
      await eventually(() => expect(server.app.hub.peek(sid)?.state.polls[pollId]?.status ?? 'closed').toBe('closed'), 15_000);
      await eventually(() => expect(server.app.hub.peek(sid)).toBeUndefined(), IDLE_MS * 20);
      expect((await server.app.hub.require(sid)).state.polls[pollId].status).toBe('closed');
    }, 30_000);
  });
}

suite('memory store', null);
suite('redis', REDIS_URL);
