import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { applyEvent } from '../../shared/domain/apply.js';
import type { StoredEvent, WireEvent } from '../../shared/domain/eventTypes.js';
import { has, own } from '../../shared/domain/keyed.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';
import { SessionHub } from '../../server/sessions/SessionHub.js';
import { MemoryStore } from '../../server/store/memoryStore.js';
import { toWire } from '../../server/capabilities/session/handlers.js';
import { TestClient } from '../helpers/clients.js';
import { prototypeFingerprint } from '../helpers/prototypeFingerprint.js';
import { startServer, type TestServer } from '../helpers/servers.js';

/**
 * [G1] Stored "golden" logs must load, on the server hub and through the client's apply, whatever they hold:
 * ids named like Object.prototype members (stored before issue 13 was fixed), unknown event types, events whose
 * data breaks their applier. A log is replayed on every load and by every phone: one bad event must not stop it.
 */
interface Golden {
  sessionId: string;
  events: StoredEvent[];
}

const GOLDEN_DIR = path.join(__dirname, '..', 'golden');
/** The moderators named by the log's first event. */
const moderatorIds = (g: Golden) => (g.events[0].data as { moderators: Array<{ id: string }> }).moderators.map((m) => m.id);
const load = (name: string): Golden => JSON.parse(readFileSync(path.join(GOLDEN_DIR, name), 'utf8')) as Golden;
const silent = pino({ level: 'silent' });
/** States compared as they travel: JSON (records without a prototype and plain ones serialise alike). */
const json = (s: SessionState) => JSON.parse(JSON.stringify(s)) as unknown;

/** Puts a golden log into a store event by event, keeping each event's time and author. */
async function storeOf(g: Golden): Promise<MemoryStore> {
  // The store stamps events with its own clock (one clock per deployment): here, the recorded times.
  let now = 0;
  const store = new MemoryStore(() => now);
  for (const e of g.events) {
    now = e.at;
    const res = await store.append(g.sessionId, e.seq - 1, [{ type: e.type, data: e.data, audience: e.audience }], { at: e.at, by: e.by });
    if (!res.ok) throw new Error(`golden log ${g.sessionId}: append ${e.seq} refused`);
  }
  return store;
}

/** What a phone does: start from a snapshot (plain JSON objects), then apply the events after it. */
function clientReplay(g: Golden, snapshotAfter: number): SessionState {
  const server = emptySessionState(g.sessionId);
  for (const e of g.events.slice(0, snapshotAfter)) applyEvent(server, toWire(e));
  const state = JSON.parse(JSON.stringify(server)) as SessionState;
  for (const e of g.events.slice(snapshotAfter)) applyEvent(state, toWire(e) as WireEvent);
  return state;
}

async function loadOnHub(g: Golden): Promise<SessionState> {
  const hub = new SessionHub(await storeOf(g), silent);
  return (await hub.require(g.sessionId)).state;
}

describe('[G1] golden logs load on the server and in the client', () => {
  const before = prototypeFingerprint();

  it('[G1.1] the demo session log loads with its agenda, moderators and questionnaires, nothing skipped', async () => {
    const g = load('demo-session.json');
    const state = await loadOnHub(g);
    expect(state.seq).toBe(g.events.length);
    expect(state.damaged).toEqual([]);
    expect(state.roster).toHaveLength(2);
    expect(state.agenda.length).toBeGreaterThan(3);
    expect(state.questionnaireOrder).toHaveLength(4);
    expect(state.pollOrder).toHaveLength(g.events.filter((e) => e.type === 'poll:drafted').length);
    for (const at of [0, 1, 7, g.events.length]) expect(json(clientReplay(g, at))).toEqual(json(state));
  });

  it('[G1.3] a recorded dialogue day loads with the state of every capability, nothing skipped', async () => {
    const g = load('day-session.json');
    const state = await loadOnHub(g);
    expect(state.seq).toBe(g.events.length);
    expect(state.damaged).toEqual([]);
    const people = Object.values(state.people);
    expect(people.filter((p) => p.removed).map((p) => p.name)).toEqual(['Ben']);
    expect(people.find((p) => p.name === 'Ana')!.role).toBe('facilitator');
    expect(state.roomsRun.open).toBe(false);
    expect(state.roomOrder.length).toBeGreaterThan(1);
    const plenaryChat = own(state.chat, 'plenary')!;
    expect(plenaryChat.find((m) => m.hidden)!.text).toBe('');
    expect(Object.values(state.bridge.hiddenNotes).map((n) => n.text)).toEqual(['Can we see the slides?']);
    const [pollId] = state.pollOrder;
    expect(own(state.polls, pollId)!.status).toBe('closed');
    expect(own(state.pollResults, pollId)!.overall.n).toBe(4);
    expect(own(state.showOfHands, pollId)).toEqual([3, 1, 2]);
    expect(Object.values(state.help.requests).map((r) => r.status)).toEqual(['closed']);
    for (let at = 0; at <= g.events.length; at += 3) expect({ at, state: json(clientReplay(g, at)) }).toEqual({ at, state: json(state) });
  });

  it('[G1.2] a log holding hostile ids, unknown types and broken events loads; only the broken ones are skipped', async () => {
    const g = load('hostile-ids.json');
    const state = await loadOnHub(g);
    expect(prototypeFingerprint()).toEqual(before);
    expect(state.seq).toBe(g.events.length);
    // Unknown types (including one named "__proto__") are skipped silently; failing appliers are listed.
    expect(state.damaged).toEqual([
      { seq: 19, type: 'person:joined' },
      { seq: 20, type: 'rooms:planned' },
    ]);
    // Events after the broken ones still apply.
    const bea = own(state.people, 'p_goldenBea')!;
    expect(bea).toMatchObject({ name: 'Beatrice', support: true });
    expect(own(state.chat, 'plenary')!.map((m) => m.text)).toEqual(['Hello', 'Still here']);
    // Ids that name no entity found nothing and created no person or request.
    for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(has(state.people, id)).toBe(false);
      expect(has(state.help.requests, id)).toBe(false);
    }
    expect(state.roster).toEqual([...moderatorIds(g), 'p_goldenBea']);
    // Keys an event did write are plain own entries, never the prototype's.
    expect(own(state.queues, 'constructor')!.current).toMatchObject({ name: 'Ana', entryId: 'e_ana' });
    expect(own(state.agendaRun.finished, '__proto__')).toBe('skipped');
    expect(own(state.showOfHands, 'constructor')).toEqual([1, 2]);
    expect(own(bea.connections, '__proto__')).toBe(1);
    expect(Object.getPrototypeOf(bea.connections)).toBe(null);
    expect(own(state.roomsRun.groupOf, 'hasOwnProperty')).toBe('valueOf');
    // The client, from a snapshot taken at any point (plain JSON objects), reaches the same state.
    for (let at = 0; at <= g.events.length; at++) expect({ at, state: json(clientReplay(g, at)) }).toEqual({ at, state: json(state) });
    expect(prototypeFingerprint()).toEqual(before);
  });
});

describe('[G2] a phone connects to a session whose log holds hostile and broken events', () => {
  const g = load('hostile-ids.json');
  let server: TestServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    server = await startServer({ redisUrl: null, store: await storeOf(g) });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await server?.close();
  });

  it('[G2.1] the moderator and a participant sync; only the moderator learns of the skipped events', async () => {
    const modId = moderatorIds(g)[0];
    const mod = new TestClient(server.url, server.app.signer.personToken(g.sessionId, modId, 'moderator'));
    const bea = new TestClient(server.url, server.app.signer.personToken(g.sessionId, 'p_goldenBea', 'participant'));
    clients.push(mod, bea);
    await Promise.all([mod.ready(null), bea.ready(null)]);
    expect(mod.state!.seq).toBeGreaterThanOrEqual(g.events.length);
    expect(mod.state!.damaged.map((d) => d.seq)).toEqual([19, 20]);
    expect(bea.state!.damaged).toEqual([]);
    // A phone that had seen the log up to the event before the first hostile one catches up through them by
    // replay (the sync ack's events, applied the client's way to the state it had).
    const res = await bea.request('session:sync', { sinceSeq: 2 });
    expect(res.replay.kind).toBe('events');
    const phone = clientReplay({ ...g, events: g.events.slice(0, 2) }, 2);
    for (const e of res.replay.events as WireEvent[]) applyEvent(phone, e);
    expect(own(phone.people, 'p_goldenBea')!.name).toBe('Beatrice');
    expect(phone.seq).toBe(res.seq);
  });
});
