import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, type CommandName } from '../../shared/protocol/registry.js';
import { createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient } from '../helpers/clients.js';
import { SAMPLE_PAYLOADS } from '../helpers/samplePayloads.js';
import { isConnected } from '../../shared/domain/state.js';

describe('[M1] malformed payloads get a typed error and the server keeps serving', () => {
  let server: TestServer;
  let mod: TestClient;
  let bystander: TestClient;
  let sessionId: string;
  let target: string;

  beforeAll(async () => {
    server = await startServer({ redisUrl: null, env: { COMMANDS_PER_SECOND: '10000', COMMAND_BURST: '10000' } });
    const session = await createSession(server);
    sessionId = session.sessionId;
    mod = new TestClient(server.url, session.onsiteModeratorToken);
    const p = await joinSession(server, session.joinCode, 'Bea');
    target = p.personId;
    bystander = new TestClient(server.url, p.token);
    await Promise.all([mod.ready(), bystander.ready()]);
    // Presence is logged in batches shortly after connecting: let it settle before counting log events.
    await mod.until((s) => isConnected(s.people[target]) && isConnected(s.people[mod.personId!]));
  });
  afterAll(async () => {
    mod.close();
    bystander.close();
    await server.close();
  });

  const bad: Array<[string, (valid: Record<string, unknown>) => unknown]> = [
    ['a number instead of an object', () => 42],
    ['a string', () => 'hello'],
    ['null', () => null],
    ['an array', (v) => [v]],
    ['an empty object (missing fields)', () => ({})],
    ['every field with a wrong type', (v) => Object.fromEntries(Object.keys(v).map((k) => [k, { nested: [true] }]))],
    ['an extra field with a huge string', (v) => ({ ...v, extra: 'x'.repeat(100_000) })],
    ['every string field huge', (v) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? 'y'.repeat(50_000) : x]))],
    ['binary (not JSON)', () => Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff])],
    ['a bad command id', (v) => ({ ...v, cid: 'not ok!' })],
  ];

  it('refuses each malformed payload on every command with BAD_REQUEST', async () => {
    const seqBefore = await server.app.store.headSeq(sessionId);
    for (const name of Object.keys(COMMANDS) as CommandName[]) {
      const valid = SAMPLE_PAYLOADS[name]({ sessionId, targetPersonId: target });
      for (const [what, make] of bad) {
        const payload = make(valid);
        // Some "bad" variants are still valid for commands with no required string (e.g. an empty object).
        if (COMMANDS[name].payload.safeParse(payload).success) continue;
        const res = await mod.request(name, payload);
        expect({ name, what, res }).toMatchObject({ name, what, res: { ok: false, error: { code: 'BAD_REQUEST' } } });
        expect(typeof res.error.message).toBe('string');
      }
    }
    expect(await server.app.store.headSeq(sessionId)).toBe(seqBefore);
  });

  it('answers an unknown event with UNKNOWN_EVENT, and a refusal without ack with session:error', async () => {
    const res = await mod.request('poll:hack', { x: 1 });
    expect(res).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
    mod.socket.emit('people:rename', { personId: 42 });
    await new Promise<void>((resolve) => {
      const check = () => (mod.raw.some((r) => r.event === 'session:error') ? resolve() : setTimeout(check, 10));
      check();
    });
    const err = mod.raw.find((r) => r.event === 'session:error')!.args[0] as { event: string; error: { code: string } };
    expect(err).toMatchObject({ event: 'people:rename', error: { code: 'BAD_REQUEST' } });
  });

  it('a message larger than the limit closes only the sender; everyone else is still served', async () => {
    const rogue = new TestClient(server.url, mod.token);
    await rogue.ready();
    const closed = new Promise((resolve) => rogue.socket.on('disconnect', resolve));
    rogue.socket.emit('people:rename', { personId: target, name: 'z'.repeat(2_000_000) });
    await closed;
    const ok = await mod.request('people:rename', { personId: target, name: 'Still works' });
    expect(ok.ok).toBe(true);
    await bystander.until((s) => s.people[target].name === 'Still works');
    const sync = await bystander.request('time:sync', { clientSentAt: 1 });
    expect(sync.ok).toBe(true);
  });

  it('a flood from one connection is limited with RATE_LIMITED while others are served', async () => {
    const limited = await startServer({ redisUrl: null });
    try {
      const session = await createSession(limited);
      const p = await joinSession(limited, session.joinCode, 'Flo');
      const q = await joinSession(limited, session.joinCode, 'Quiet');
      const flooder = new TestClient(limited.url, p.token);
      const quiet = new TestClient(limited.url, q.token);
      await Promise.all([flooder.ready(), quiet.ready()]);
      const results = await Promise.all(Array.from({ length: 150 }, () => flooder.request('time:sync', { clientSentAt: 1 })));
      const refused = results.filter((r) => !r.ok);
      expect(refused.length).toBeGreaterThan(50);
      expect(refused.every((r) => r.error.code === 'RATE_LIMITED')).toBe(true);
      expect((await quiet.request('time:sync', { clientSentAt: 1 })).ok).toBe(true);
      flooder.close();
      quiet.close();
    } finally {
      await limited.close();
    }
  });
});
