import { types } from 'node:util';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { decideJoin, newPerson } from '../../server/capabilities/people/decide.js';
import { SessionHub } from '../../server/sessions/SessionHub.js';
import { MemoryStore } from '../../server/store/memoryStore.js';
import { RedisStore } from '../../server/store/redisStore.js';
import type { Store } from '../../server/store/Store.js';
import { ev } from '../../shared/domain/events.js';
import { own } from '../../shared/domain/keyed.js';
import type { Person } from '../../shared/domain/state.js';
import { REDIS_URL } from '../helpers/servers.js';

const silent = pino({ level: 'silent' });
const opened: Store[] = [];
afterAll(async () => {
  for (const store of opened) await store.close?.();
});

const person = (id: string): Person => newPerson({ id, name: `Name ${id}`, role: 'participant', modality: 'online', at: 1 });

/**
 * Group commit decides the later commands of a batch on a copy-on-write draft of the state (issue 20): they see the
 * earlier commands' events, the live state does not change before the store took them, and what is stored is plain
 * data, never a piece of the draft.
 */
describe.each([
  ['memory store', async (): Promise<Store> => new MemoryStore()],
  ['Redis store', async (): Promise<Store> => {
    const store = await RedisStore.connect({ url: REDIS_URL });
    opened.push(store);
    return store;
  }],
])('[SP] speculative decisions in one batch (%s)', (_label, makeStore) => {
  it('later commands see the earlier ones; the live state waits for the store; stored events are plain', async () => {
    const store = await makeStore();
    const hub = new SessionHub(store, silent);
    const sid = `sp-${Math.random().toString(36).slice(2)}`;
    await hub.create(sid, [ev('session:created', { title: 't', joinCode: `C${Math.random().toString(36).slice(2, 8)}`, languages: ['en'], createdAt: 1, agenda: [], moderators: [] }, { all: true })]);
    const rt = await hub.require(sid);
    const seen: Array<{ draftHas: boolean; liveHas: boolean }> = [];
    // Three commands queued in one tick: one group commit. The second reads the first's person and puts it in an
    // event (a reference into the draft); the third reads the second's person.
    const first = hub.execute(sid, null, (s) => decideJoin(s, person('a')));
    const second = hub.execute(sid, null, (s) => {
      seen.push({ draftHas: !!own(s.people, 'a'), liveHas: !!own(rt.state.people, 'a') });
      const a = own(s.people, 'a')!;
      return decideJoin(s, { ...person('b'), name: `after ${a.name}`, label: a.id } as Person);
    });
    const third = hub.execute(sid, null, (s) => {
      seen.push({ draftHas: !!own(s.people, 'b'), liveHas: !!own(rt.state.people, 'b') });
      return [ev('person:renamed', { personId: 'b', name: own(s.people, 'b')!.name + '!' }, { all: true })];
    });
    const [e1, e2, e3] = await Promise.all([first, second, third]);
    expect(seen).toEqual([{ draftHas: true, liveHas: false }, { draftHas: true, liveHas: false }]);
    expect([e1[0].seq + 1, e2[0].seq + 1]).toEqual([e2[0].seq, e3[0].seq]);
    expect(own(rt.state.people, 'b')!.name).toBe('after Name a!');
    for (const e of [...e2, ...e3]) expect(types.isProxy(e.data) || types.isProxy((e.data as { person?: object }).person ?? {})).toBe(false);
    // A fresh load (the log replayed) gives the same state: what was stored is what was applied.
    const fresh = await new SessionHub(store, silent).require(sid);
    expect(JSON.stringify(fresh.state)).toBe(JSON.stringify(rt.state));
  });
});
