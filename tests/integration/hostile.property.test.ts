import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import pino from 'pino';
import { applyEvent } from '../../shared/domain/apply.js';
import { PROTOTYPE_NAMES } from '../../shared/domain/keyed.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';
import { COMMAND_NAMES, COMMANDS, type CommandName } from '../../shared/protocol/registry.js';
import type { ViewerRole } from '../../shared/protocol/primitives.js';
import { SessionHub } from '../../server/sessions/SessionHub.js';
import { MemoryStore } from '../../server/store/memoryStore.js';
import { TestClient } from '../helpers/clients.js';
import { prototypeFingerprint } from '../helpers/prototypeFingerprint.js';
import { SAMPLE_PAYLOADS } from '../helpers/samplePayloads.js';
import { createSession, joinSession, observerToken, projectorToken, startServer, type TestServer } from '../helpers/servers.js';

/**
 * [HP] Property-based: nothing a client sends can break a session (issue 13). For every command of the registry,
 * payloads shaped like the command's own (fields replaced by ids drawn from every Object.prototype member name,
 * the session's real ids and random strings, extra keys such as "__proto__") and fully random JSON, sent by every
 * role over real Socket.IO connections to a real in-process server with the memory store. After each sequence:
 * no INTERNAL answer, Object.prototype unchanged, the session reloaded from its log equals the live state, and
 * another session on the same process is unchanged.
 *
 * Runtime is bounded by NUM_RUNS (about 20 s on the shared 2-core machine); FC_SEED/FC_RUNS reproduce or widen a run.
 */
const NUM_RUNS = Number(process.env.FC_RUNS ?? 150);
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const ROLES: ViewerRole[] = ['moderator', 'facilitator', 'participant', 'observer', 'projector'];
const silent = pino({ level: 'silent' });
const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('[HP] hostile payloads from every role never break a session', () => {
  const store = new MemoryStore();
  let server: TestServer;
  const clients = {} as Record<ViewerRole, TestClient>;
  let sessionId: string;
  let otherSessionId: string;
  let otherBefore: unknown;
  /** Real ids of the attacked session, so that payloads also reach existing entities. */
  const realIds: string[] = ['plenary'];

  beforeAll(async () => {
    server = await startServer({ redisUrl: null, store, env: { COMMANDS_PER_SECOND: '100000', COMMAND_BURST: '100000', PERSON_COMMANDS_PER_10S: '1000000' } });
    const s = await createSession(server);
    sessionId = s.sessionId;
    const other = await createSession(server, { title: 'The bystander session' });
    otherSessionId = other.sessionId;

    clients.moderator = new TestClient(server.url, s.onsiteModeratorToken);
    const fac = await joinSession(server, s.joinCode, 'Fatou', 'onsite');
    const part = await joinSession(server, s.joinCode, 'Pia', 'online');
    // Acted upon by moderators' commands (renamed, removed, assigned), never a sender: the senders stay in.
    const victim = await joinSession(server, s.joinCode, 'Victor', 'onsite');
    clients.facilitator = new TestClient(server.url, fac.token);
    clients.participant = new TestClient(server.url, part.token);
    clients.observer = new TestClient(server.url, (await observerToken(server, s.observerUrl, 'Olga')).token);
    clients.projector = new TestClient(server.url, projectorToken(s.projectorUrl));
    await Promise.all(ROLES.map((r) => clients[r].ready()));

    // Some state to reach past "not found": a breakout with a facilitator, a support participant, an open
    // poll, a help request, a chat message, a raised hand.
    const mod = clients.moderator;
    const ok = async (name: string, payload: unknown) => {
      const res = await mod.request(name, payload);
      if (!res.ok) throw new Error(`seed ${name}: ${JSON.stringify(res)}`);
      return res;
    };
    await ok('people:setRole', { personId: fac.personId, role: 'facilitator' });
    await ok('people:setSupport', { personId: part.personId, support: true });
    const room = await ok('rooms:create', { name: 'Table 1', modality: 'onsite', callLink: null });
    await clients.moderator.until((st) => st.roomOrder.length > 1);
    const roomId = clients.moderator.state!.roomOrder[1];
    await ok('rooms:update', { roomId, facilitatorId: fac.personId });
    const poll = await ok('polls:create', { poll: { kind: 'yesno', question: 'Agree?' } });
    await ok('polls:open', { pollId: poll.pollId });
    const help = await clients.participant.request('help:request', { note: 'No sound' });
    const chat = await clients.participant.request('chat:send', { text: 'Hello' });
    const hand = await clients.participant.request('queue:raise', {});
    realIds.push(roomId, poll.pollId, victim.personId, help.requestId, chat.messageId, hand.entryId, 'part-1', String(room.seq ?? ''));

    otherBefore = json((await server.app.hub.require(otherSessionId)).state);
  });

  /**
   * A moderator's accepted `access:reissueLinks` closes every older moderator, projector and observer link (that
   * is its purpose): the sender keeps its socket, the others connect again with tokens of the new generation for
   * the same persons, as the new links would give them.
   */
  async function afterAccepted(name: string, role: ViewerRole): Promise<void> {
    if (name !== 'access:reissueLinks') return;
    const rt = await server.app.hub.require(sessionId);
    for (const r of ROLES) {
      if (r === role || !['moderator', 'projector', 'observer'].includes(r)) continue;
      const old = clients[r];
      old.close();
      const personId = r === 'projector' ? 'projector' : old.personId!;
      clients[r] = new TestClient(server.url, server.app.sessions.issuer.personToken(rt.state, personId, r));
      await clients[r].ready();
    }
  }

  afterAll(async () => {
    for (const c of Object.values(clients)) c?.close();
    await server?.close();
  });

  /** Ids an attacker would try: every Object.prototype member name, real ids, look-alikes and random strings. */
  const idArb = () =>
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
      { weight: 3, arbitrary: fc.constantFrom(...realIds) },
      { weight: 1, arbitrary: fc.constantFrom('Constructor', 'prototype', '__proto', 'proto', 'length', 'then', 'toJSON') },
      { weight: 1, arbitrary: fc.string({ maxLength: 70 }) },
    );

  /** A JSON object with an own "__proto__" (or other prototype-named) key, as JSON.parse makes it. */
  const withKey = (base: Record<string, unknown>, key: string, value: unknown) =>
    // A function replacer: a replacement string would read `$'` or `$&` inside the value as patterns.
    JSON.parse(JSON.stringify({ ...base }).replace(/^\{/, () => `{${JSON.stringify(key)}:${JSON.stringify(value ?? null)}${Object.keys(base).length ? ',' : ''}`)) as unknown;

  /** Values shaped like `sample`: each field kept, replaced by an id, or by random JSON; objects may gain hostile keys. */
  function like(sample: unknown, depth = 0): fc.Arbitrary<unknown> {
    const random = fc.jsonValue({ maxDepth: 2 });
    if (typeof sample === 'string') return fc.oneof({ weight: 3, arbitrary: idArb() }, { weight: 2, arbitrary: fc.constant(sample) }, { weight: 1, arbitrary: random });
    if (typeof sample === 'number') return fc.oneof({ weight: 3, arbitrary: fc.constant(sample) }, fc.integer(), fc.double(), random);
    if (typeof sample === 'boolean' || sample === null) return fc.oneof(fc.constant(sample), idArb(), fc.boolean(), random);
    if (Array.isArray(sample)) return fc.oneof(fc.array(sample.length ? like(sample[0], depth + 1) : idArb(), { maxLength: 4 }), random);
    if (typeof sample === 'object' && sample) {
      const entries = Object.entries(sample as Record<string, unknown>);
      const fields = Object.fromEntries(entries.map(([k, v]) => [k, like(v, depth + 1)]));
      // Mostly every field present (to pass the schema and reach the handler), sometimes any of them missing.
      const shape = fc.oneof({ weight: 3, arbitrary: fc.record(fields) }, { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) });
      return fc.oneof(
        { weight: 4, arbitrary: shape },
        { weight: 1, arbitrary: fc.tuple(shape, fc.constantFrom(...PROTOTYPE_NAMES), random).map(([o, k, v]) => withKey(o as Record<string, unknown>, k, v)) },
        { weight: depth === 0 ? 1 : 0, arbitrary: random },
      );
    }
    return random;
  }

  const payloadArb = (name: CommandName) => {
    const sample = SAMPLE_PAYLOADS[name]({ sessionId: 'x', targetPersonId: realIds[3] ?? 'p_x' });
    // Id fields get an id added when the sample has none (optional ones such as roomId, partId, entryId).
    const idFields = ['roomId', 'personId', 'pollId', 'partId', 'entryId', 'requestId', 'messageId', 'highlightId', 'checkInId', 'questionnaireId', 'answerId', 'facilitatorId'];
    const widened = { ...Object.fromEntries(idFields.filter((f) => f in sample).map((f) => [f, sample[f]])), ...sample };
    return like(widened);
  };

  /** Mostly a role the command allows (to reach its handler), sometimes any role (to hit the role check). */
  const roleFor = (name: CommandName) =>
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...COMMANDS[name].roles) }, { weight: 1, arbitrary: fc.constantFrom(...ROLES) });
  const stepArb = fc
    .constantFrom(...COMMAND_NAMES)
    .chain((name) => fc.tuple(roleFor(name), payloadArb(name)).map(([role, payload]) => ({ role, name, payload })));

  async function reloadEqualsLive(): Promise<void> {
    const rt = await server.app.hub.require(sessionId);
    // Inside the session's queue: no append (presence, due loop) lands between reading the log and the state.
    await rt.queue.run(async () => {
      const fresh = await new SessionHub(store, silent).require(sessionId);
      expect(json(fresh.state)).toEqual(json(rt.state));
      // And the client's way: a snapshot of the live state (JSON), the same as replaying every event.
      const replayed: SessionState = emptySessionState(sessionId);
      for (const e of await store.readLog(sessionId, 0)) applyEvent(replayed, e);
      expect(json(replayed)).toEqual(json(rt.state));
    });
  }

  it('[HP1] sequences of hostile commands by every role: no INTERNAL, prototype untouched, log = live state, other session intact', async () => {
    const before = prototypeFingerprint();
    let sent = 0;
    const accepted = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 5 }), async (steps) => {
        for (const { role, name, payload } of steps) {
          const res = await clients[role].request(name, payload);
          sent++;
          expect(typeof res?.ok, `${role} ${name} ${JSON.stringify(payload)} → ${JSON.stringify(res)}`).toBe('boolean');
          if (res.ok) accepted.add(name);
          if (res.ok) await afterAccepted(name, role);
          if (!res.ok) expect(res.error.code, `${role} ${name} ${JSON.stringify(payload)} → ${JSON.stringify(res)}`).not.toBe('INTERNAL');
        }
        expect(prototypeFingerprint()).toEqual(before);
        await reloadEqualsLive();
        expect(json((await server.app.hub.require(otherSessionId)).state)).toEqual(otherBefore);
      }),
      { numRuns: NUM_RUNS, seed: SEED, endOnFailure: true },
    );
    expect(sent).toBeGreaterThanOrEqual(NUM_RUNS);
    // The payloads reach the handlers, not only the schema check: many commands were accepted at least once.
    console.log(`[HP1] ${sent} commands sent; accepted at least once: ${accepted.size} of ${COMMAND_NAMES.length} (${[...accepted].sort().join(', ')})`);
    expect(accepted.size).toBeGreaterThanOrEqual(10);
    // Every sender is still served: a read by each role answers.
    for (const role of ROLES) expect((await clients[role].request('time:sync', { clientSentAt: Date.now() })).ok).toBe(true);
  }, 120_000);

  it('[HP2] every command with an Object.prototype member name in each id field, by every role: never INTERNAL', async () => {
    const before = prototypeFingerprint();
    for (const name of COMMAND_NAMES) {
      const sample = SAMPLE_PAYLOADS[name]({ sessionId: 'x', targetPersonId: realIds[3] });
      const fields = Object.keys(sample).filter((k) => typeof sample[k] === 'string' || sample[k] === null);
      for (const field of fields) {
        for (const id of PROTOTYPE_NAMES) {
          for (const role of ROLES) {
            const res = await clients[role].request(name, { ...sample, [field]: id });
            expect(res.ok === false && res.error.code === 'INTERNAL', `${role} ${name} ${field}=${id}: ${JSON.stringify(res)}`).toBe(false);
            if (res.ok) await afterAccepted(name, role);
          }
        }
      }
    }
    expect(prototypeFingerprint()).toEqual(before);
    await reloadEqualsLive();
    expect(json((await server.app.hub.require(otherSessionId)).state)).toEqual(otherBefore);
  }, 120_000);
});
