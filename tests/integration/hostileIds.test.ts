import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { SessionHub } from '../../server/sessions/SessionHub.js';
import { MemoryStore } from '../../server/store/memoryStore.js';
import { PROTOTYPE_NAMES } from '../../shared/domain/keyed.js';
import { createSession, joinSession, startServer, ORGANISER_KEY, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { prototypeFingerprint } from '../helpers/prototypeFingerprint.js';

/**
 * [H1] The examples of issue 13 ("an id can break every session on an instance"), as an attacker sends them:
 * each is refused with a typed error, Object.prototype is untouched, the process keeps creating sessions and the
 * session still loads from its log on a fresh hub.
 */
describe('[H1] ids named like Object.prototype members are refused and change nothing', () => {
  const store = new MemoryStore();
  let server: TestServer;
  let mod: TestClient;
  let helper: TestClient;
  let sessionId: string;
  const before = prototypeFingerprint();

  beforeAll(async () => {
    server = await startServer({ redisUrl: null, store, env: { COMMANDS_PER_SECOND: '10000', COMMAND_BURST: '10000' } });
    const s = await createSession(server);
    sessionId = s.sessionId;
    mod = new TestClient(server.url, s.onsiteModeratorToken);
    const p = await joinSession(server, s.joinCode, 'Hugo');
    helper = new TestClient(server.url, p.token);
    await Promise.all([mod.ready(), helper.ready()]);
    // A participant made technical support by the moderators (the second example of the issue).
    expect((await mod.request('people:setSupport', { personId: p.personId, support: true })).ok).toBe(true);
    await helper.until((st) => st.people[p.personId]?.support === true);
  });
  afterAll(async () => {
    mod?.close();
    helper?.close();
    await server?.close();
  });

  const names = [...PROTOTYPE_NAMES];

  it('[H1.1] people:rename { personId: "__proto__" } by a moderator: BAD_REQUEST, prototype untouched, sessions still created', async () => {
    for (const personId of names) {
      const res = await mod.request('people:rename', { personId, name: 'X' });
      expect({ personId, res }).toMatchObject({ personId, res: { ok: false, error: { code: 'BAD_REQUEST' } } });
    }
    expect(prototypeFingerprint()).toEqual(before);
    const res = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-organiser-key': ORGANISER_KEY },
      body: JSON.stringify({ title: 'After the attack', languages: ['en'], agenda: [] }),
    });
    expect(res.status).toBe(201);
  });

  it('[H1.2] help:take { requestId: "__proto__" } by a support participant: BAD_REQUEST, prototype untouched', async () => {
    for (const requestId of names) {
      const res = await helper.request('help:take', { requestId });
      expect({ requestId, res }).toMatchObject({ requestId, res: { ok: false, error: { code: 'BAD_REQUEST' } } });
    }
    expect(prototypeFingerprint()).toEqual(before);
  });

  it('[H1.3] queue:add { roomId: "constructor" }: refused, nothing stored, and the session loads again from its log', async () => {
    const head = await store.headSeq(sessionId);
    for (const roomId of names) {
      const res = await mod.request('queue:add', { roomId, name: 'Ana' });
      expect({ roomId, res }).toMatchObject({ roomId, res: { ok: false, error: { code: 'BAD_REQUEST' } } });
    }
    expect(await store.headSeq(sessionId)).toBe(head);
    const fresh = new SessionHub(store, pino({ level: 'silent' }));
    const rt = await fresh.require(sessionId);
    expect(rt.state.seq).toBe(await store.headSeq(sessionId));
    expect(prototypeFingerprint()).toEqual(before);
  });

  it('[H1.4] a hostile id in any id field of the other commands is refused the same way', async () => {
    const cases: Array<[string, (id: string) => Record<string, unknown>]> = [
      ['chat:hide', (id) => ({ roomId: id, messageId: id, reason: 'x' })],
      ['queue:next', (id) => ({ roomId: id })],
      ['rooms:assign', (id) => ({ personId: id, roomId: id })],
      ['rooms:update', (id) => ({ roomId: id, facilitatorId: id })],
      ['polls:open', (id) => ({ pollId: id })],
      ['polls:create', (id) => ({ poll: { kind: 'yesno', question: 'Q?', target: { kind: 'room', roomId: id } } })],
      ['polls:showOfHands', (id) => ({ pollId: id, counts: [1, 2] })],
      ['bridge:highlight', (id) => ({ source: { kind: 'chat', roomId: id, messageId: id } })],
      ['agenda:skip', (id) => ({ partId: id })],
      ['worksheet:open', (id) => ({ roomId: id })],
    ];
    for (const [name, make] of cases) {
      for (const id of names) {
        const res = await mod.request(name, make(id));
        expect({ name, id, res }).toMatchObject({ name, id, res: { ok: false, error: { code: 'BAD_REQUEST' } } });
      }
    }
    expect(prototypeFingerprint()).toEqual(before);
  });
});
