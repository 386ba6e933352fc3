import { beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { MemoryStore } from '../../server/store/memoryStore.js';
import { SessionHub } from '../../server/sessions/SessionHub.js';
import { decideBroadcast, decideClearBroadcast, decideCreateRoom, decideAssign, decideMove } from '../../server/capabilities/rooms/decide.js';
import { decideJoin, newPerson } from '../../server/capabilities/people/decide.js';
import { ev } from '../../shared/domain/events.js';
import { EVERYONE } from '../../shared/domain/audience.js';
import { loadLanguage, translatePlural } from '../../client/src/i18n/i18n.js';
import { nowItem } from '../../client/src/features/now/nowItem.js';

// Only English is built in; the others load on demand (as main.tsx does for the person's language).
beforeAll(async () => {
  for (const l of ['fr', 'es', 'ar']) await loadLanguage(l);
});
import { duplicateNumbers } from '../../client/src/components/Roster.js';

async function session() {
  let clock = 1_000_000;
  const hub = new SessionHub(new MemoryStore(() => clock), pino({ level: 'silent' }), () => clock);
  const mod = newPerson({ id: 'm', name: 'Mo', role: 'moderator', side: 'onsite', modality: 'onsite', at: clock });
  await hub.create('s', [ev('session:created', { title: 'T', languages: ['en'], agenda: [], createdAt: clock, joinCode: 'ABCD-EFGH', moderators: [mod] }, EVERYONE)]);
  await hub.execute('s', null, (s) => decideJoin(s, newPerson({ id: 'p', name: 'Maria', role: 'participant', modality: 'online', at: clock })));
  const rt = await hub.require('s');
  return { hub, rt, now: () => clock, tick: (ms: number) => (clock += ms) };
}

describe('[PH1] the phone\'s "now" item', () => {
  it('is the part, then a move to the person\'s own group, then the part again; each change has a new key', async () => {
    const { hub, rt, now } = await session();
    const part = nowItem(rt.state, 'p');
    expect(part.kind).toBe('part');
    await hub.execute('s', 'm', (s) => decideCreateRoom(s, 'Table 3', null, null));
    const roomId = Object.values(rt.state.rooms).find((r) => r.name === 'Table 3')!.id;
    await hub.execute('s', 'm', (s) => decideAssign(s, 'p', roomId));
    await hub.execute('s', 'm', (s) => decideMove(s, 'open', 30, 0, 'mv1', now()));
    const move = nowItem(rt.state, 'p');
    expect(move).toMatchObject({ kind: 'move', move: 'open', roomName: 'Table 3', at: now() + 30_000 });
    expect(move.key).not.toBe(part.key);
    // Someone without a group stays in the plenary.
    expect(nowItem(rt.state, 'm')).toMatchObject({ kind: 'move', roomName: null });
  });
});

describe('[PH2] broadcasts expire and can be cleared', () => {
  it('lives the chosen minutes (0: until cleared); clearing twice logs once', async () => {
    const { hub, rt, now } = await session();
    await hub.execute('s', 'm', (s) => decideBroadcast(s, 'm', 'Coffee break', 'b1', 5, now()));
    expect(rt.state.roomsRun.broadcast).toMatchObject({ text: 'Coffee break', byName: 'Mo', id: 'b1', expiresAt: now() + 5 * 60_000 });
    await hub.execute('s', 'm', (s) => decideBroadcast(s, 'm', 'Stay', 'b2', 0, now()));
    expect(rt.state.roomsRun.broadcast).toMatchObject({ id: 'b2', expiresAt: null });
    expect(decideClearBroadcast(rt.state)).toHaveLength(1);
    await hub.execute('s', 'm', (s) => decideClearBroadcast(s));
    expect(rt.state.roomsRun.broadcast).toBeNull();
    expect(decideClearBroadcast(rt.state)).toEqual([]);
  });
});

describe('[PH3] counted texts in each language\'s plural forms', () => {
  const cases: Array<[string, number, string]> = [
    ['en', 0, 'no answers yet'],
    ['en', 1, '1 answer'],
    ['en', 2, '2 answers'],
    ['en', 5, '5 answers'],
    ['en', 11, '11 answers'],
    ['ar', 0, 'لا إجابات بعد'],
    ['ar', 1, 'إجابة واحدة'],
    ['ar', 2, 'إجابتان'],
    ['ar', 5, '5 إجابات'],
    ['ar', 11, '11 إجابة'],
    ['fr', 0, 'pas encore de réponse'],
    ['fr', 1, '1 réponse'],
  ];
  for (const [lang, n, text] of cases) it(`${lang} ${n}: ${text}`, () => expect(translatePlural(lang, 'polls.nAnswers', n)).toBe(text));
  it('minutes left: "1 minute", never "1 minutes"; Arabic dual and plural', () => {
    expect(translatePlural('en', 'rooms.nMinutesLeft', 1)).toBe('1 minute left');
    expect(translatePlural('ar', 'rooms.nMinutesLeft', 2)).toBe('بقيت دقيقتان');
    expect(translatePlural('ar', 'rooms.nMinutesLeft', 5)).toBe('بقيت 5 دقائق');
    expect(translatePlural('ar', 'rooms.nMinutesLeft', 11)).toBe('بقيت 11 دقيقة');
  });
  it('other numbers are filled in as well', () => {
    expect(translatePlural('en', 'polls.nQuestionsAnswered', 4, { done: 3 })).toBe('3 of 4 questions answered');
    expect(translatePlural('en', 'polls.nQuestionsAnswered', 1, { done: 1 })).toBe('1 of 1 question answered');
  });
});

describe('[PH4] duplicate display names', () => {
  it('are numbered in join order, whatever their case and outer spaces; unique names are left alone', () => {
    const d = duplicateNumbers([
      { id: 'a', name: 'Maria' },
      { id: 'b', name: 'Jon' },
      { id: 'c', name: ' maria ' },
    ]);
    expect([...d.entries()]).toEqual([
      ['a', 1],
      ['c', 2],
    ]);
  });
});
