import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import pino from 'pino';
import { applyEvent } from '../../shared/domain/apply.js';
import type { StoredEvent, WireEvent } from '../../shared/domain/eventTypes.js';
import { emptyRecord, has, own, ownEach, ownOrCreate, PROTOTYPE_NAMES, recordOf, setOwn } from '../../shared/domain/keyed.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';
import { Id } from '../../shared/protocol/primitives.js';
import { DomainError } from '../../shared/protocol/errors.js';
import { SessionHub } from '../../server/sessions/SessionHub.js';
import { MemoryStore } from '../../server/store/memoryStore.js';
import { decideRename, decideSetSupport } from '../../server/capabilities/people/decide.js';
import { decideTake } from '../../server/capabilities/help/decide.js';
import { decideAdd } from '../../server/capabilities/queue/decide.js';
import { prototypeFingerprint } from '../helpers/prototypeFingerprint.js';

const NAMES = [...PROTOTYPE_NAMES];
const json = <T>(v: T) => JSON.parse(JSON.stringify(v)) as T;

describe('[K1] keyed records', () => {
  it('[K1.1] own/has never find an inherited member, on prototype-free records and on plain JSON objects', () => {
    const plain = JSON.parse('{"a":1,"__proto__":2}') as Record<string, number>;
    const bare = recordOf(plain);
    for (const r of [plain, bare]) {
      expect(own(r, 'a')).toBe(1);
      expect(own(r, '__proto__')).toBe(2);
      for (const name of NAMES.filter((n) => n !== '__proto__')) {
        expect(own(r, name)).toBeUndefined();
        expect(has(r, name)).toBe(false);
      }
    }
    expect(Object.getPrototypeOf(bare)).toBe(null);
    expect(ownEach(plain, ['a', 'constructor', 'toString', 'missing'])).toEqual([1]);
  });

  it('[K1.2] setOwn and ownOrCreate write own data properties, even "__proto__" on a plain object', () => {
    const before = prototypeFingerprint();
    const plain: Record<string, unknown> = {};
    setOwn(plain, '__proto__', { polluted: true });
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(own(plain, '__proto__')).toEqual({ polluted: true });
    const list = ownOrCreate(plain as Record<string, unknown[]>, 'constructor', () => []);
    expect(list).toEqual([]);
    expect(ownOrCreate(plain as Record<string, unknown[]>, 'constructor', () => ['other'])).toBe(list);
    const bare = emptyRecord<number>();
    setOwn(bare, 'toString', 1);
    expect(own(bare, 'toString')).toBe(1);
    expect(JSON.parse(JSON.stringify(plain))).toEqual(JSON.parse('{"__proto__":{"polluted":true},"constructor":[]}'));
    expect(prototypeFingerprint()).toEqual(before);
  });

  it('[K1.3] the protocol Id refuses every Object.prototype member name (case-sensitive) and accepts look-alikes', () => {
    for (const name of NAMES) expect(Id.safeParse(name).success, name).toBe(false);
    for (const ok of ['Constructor', 'proto', 'p_1', 'room-2', 'plenary']) expect(Id.safeParse(ok).success, ok).toBe(true);
  });
});

/** A session with a moderator, a support participant and the plenary; as a prototype-free state and as JSON. */
function seeded(): SessionState {
  const s = emptySessionState('s_unit');
  const person = (id: string, role: 'moderator' | 'participant', support = false) => ({
    id, name: id, role, side: null, modality: 'onsite' as const, label: null, table: null, roomId: 'plenary', visiting: null, support, removed: false, joinedAt: 0, connections: {},
  });
  applyEvent(s, { seq: 1, at: 1, by: null, type: 'person:joined', data: { person: person('p_mod', 'moderator') } });
  applyEvent(s, { seq: 2, at: 2, by: null, type: 'person:joined', data: { person: person('p_help', 'participant', true) } });
  return s;
}

describe('[K2] decisions with prototype-named ids find nothing', () => {
  it('[K2.1] the issue examples are NOT_FOUND on a live state and on a state parsed from JSON', () => {
    const before = prototypeFingerprint();
    for (const state of [seeded(), json(seeded())]) {
      for (const id of NAMES) {
        const code = (f: () => unknown) => {
          try {
            f();
            return 'ok';
          } catch (err) {
            expect(err).toBeInstanceOf(DomainError);
            return (err as DomainError).code;
          }
        };
        expect(code(() => decideRename(state, id, 'X'))).toBe('NOT_FOUND');
        expect(code(() => decideSetSupport(state, id, true))).toBe('NOT_FOUND');
        expect(code(() => decideTake(state, { personId: 'p_help', role: 'participant', rooms: ['plenary'] }, id))).toBe('NOT_FOUND');
        expect(code(() => decideAdd(state, { personId: 'p_mod', role: 'moderator', rooms: ['plenary'] }, id, 'e1', 'Ana', 'onsite'))).toBe('NOT_FOUND');
      }
    }
    expect(prototypeFingerprint()).toEqual(before);
  });
});

describe('[K3] applying events that hold hostile ids', () => {
  const golden = (name: string) =>
    (JSON.parse(readFileSync(path.join(__dirname, '..', 'golden', name), 'utf8')) as { events: StoredEvent[] }).events;
  const templates = [...golden('hostile-ids.json'), ...golden('demo-session.json')].filter((e) => e.type !== 'session:created');

  /** A template event whose string values are replaced, at random, by prototype member names. */
  function mutate(v: unknown, pick: () => string | null): unknown {
    if (typeof v === 'string') return pick() ?? v;
    if (Array.isArray(v)) return v.map((x) => mutate(x, pick));
    if (v && typeof v === 'object') {
      // Built through JSON so that a "__proto__" key becomes an own key, as on the wire.
      const entries = Object.entries(v).map(([k, x]) => [pick() ?? k, mutate(x, pick)] as const);
      return JSON.parse(`{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x ?? null)}`).join(',')}}`);
    }
    return v;
  }

  const eventsArb = fc.array(
    fc.tuple(fc.constantFrom(...templates), fc.infiniteStream(fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...NAMES) }))),
    { minLength: 1, maxLength: 30 },
  );

  it('[K3.1] never throws out of applyEvent, never touches Object.prototype, and a JSON snapshot replica ends equal', () => {
    const before = prototypeFingerprint();
    fc.assert(
      fc.property(eventsArb, (picked) => {
        const server = seeded();
        const phone = json(seeded());
        let seq = server.seq;
        for (const [template, stream] of picked) {
          const it = stream[Symbol.iterator]();
          const e: WireEvent = { seq: ++seq, at: template.at, by: template.by, type: template.type, data: mutate(template.data, () => it.next().value) };
          expect(applyEvent(server, e)).toBe(true);
          expect(applyEvent(phone, json(e))).toBe(true);
        }
        expect(json(phone)).toEqual(json(server));
        expect(prototypeFingerprint()).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('[K3.2] an event whose applier throws is skipped and listed; later events apply; listeners are told', () => {
    const s = seeded();
    const problems: string[] = [];
    applyEvent(s, { seq: 3, at: 3, by: null, type: 'person:joined', data: null }, (p) => problems.push(`${p.kind}:${p.event.seq}`));
    applyEvent(s, { seq: 4, at: 4, by: null, type: '__proto__', data: {} }, (p) => problems.push(`${p.kind}:${p.event.seq}`));
    // Entries that are no events (a corrupted store entry) are passed over, not thrown on.
    expect(applyEvent(s, null as unknown as WireEvent)).toBe(false);
    expect(applyEvent(s, { type: 'person:renamed', data: { personId: 'p_help', name: 'Nope' } } as unknown as WireEvent)).toBe(false);
    applyEvent(s, { seq: 5, at: 5, by: null, type: 'person:renamed', data: { personId: 'p_help', name: 'Hana' } });
    expect(problems).toEqual(['failed:3', 'unknown-type:4']);
    expect(s.damaged).toEqual([{ seq: 3, type: 'person:joined' }]);
    expect(s.seq).toBe(5);
    expect(own(s.people, 'p_help')!.name).toBe('Hana');
  });
});

describe('[K4] the hub refuses a decided event that does not fit its schema', () => {
  it('[K4.1] INTERNAL, logged, and nothing appended', async () => {
    const store = new MemoryStore();
    const lines: string[] = [];
    const log = pino({ level: 'error' }, { write: (l: string) => void lines.push(l) });
    const hub = new SessionHub(store, log);
    await hub.create('s_k4', [{ type: 'session:created', data: { title: 'T', languages: ['en'], agenda: [], createdAt: 1, joinCode: 'ABCD', moderators: [] }, audience: { all: true } }]);
    const err = await hub
      .execute('s_k4', null, () => [{ type: 'queue:raised', data: { roomId: 'plenary', entryId: 5 }, audience: { all: true } }])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('INTERNAL');
    expect(await store.headSeq('s_k4')).toBe(1);
    expect(lines.join('\n')).toContain('queue:raised');
    // Schema-valid (ids are plain strings in the log schemas) but naming a prototype member: never stored either.
    for (const bad of [
      { type: 'person:renamed', data: { personId: '__proto__', name: 'X' } },
      { type: 'queue:raised', data: { roomId: 'constructor', entryId: 'e1', personId: null, name: 'Ana', modality: 'onsite', addedBy: null } },
      { type: 'presence:changed', data: { instanceId: 'i1', counts: JSON.parse('{"__proto__":1}') } },
    ]) {
      await expect(hub.execute('s_k4', null, () => [{ ...bad, audience: { all: true } }])).rejects.toMatchObject({ code: 'INTERNAL' });
    }
    expect(await store.headSeq('s_k4')).toBe(1);
    await expect(hub.create('s_k5', [{ type: 'session:created', data: { title: 5 }, audience: { all: true } }])).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await store.headSeq('s_k5')).toBe(0);
  });
});

describe('[K5] the hub logs each event it skips while loading', () => {
  it('[K5.1] failed appliers are logged as errors with their seq; unknown types as warnings', async () => {
    const g = JSON.parse(readFileSync(path.join(__dirname, '..', 'golden', 'hostile-ids.json'), 'utf8')) as { sessionId: string; events: StoredEvent[] };
    const store = new MemoryStore();
    for (const e of g.events) await store.append(g.sessionId, e.seq - 1, [{ type: e.type, data: e.data, audience: e.audience }], { at: e.at, by: e.by });
    const lines: Array<{ level: number; seq?: number; type?: string; msg: string }> = [];
    const hub = new SessionHub(store, pino({ level: 'warn' }, { write: (l: string) => void lines.push(JSON.parse(l)) }));
    await hub.require(g.sessionId);
    expect(lines.filter((l) => l.level === 50).map((l) => [l.seq, l.type])).toEqual([
      [19, 'person:joined'],
      [20, 'rooms:planned'],
    ]);
    expect(lines.filter((l) => l.level === 40).map((l) => [l.seq, l.type])).toEqual([
      [16, 'future:thing'],
      [17, '__proto__'],
      [18, 'constructor'],
    ]);
  });
});
