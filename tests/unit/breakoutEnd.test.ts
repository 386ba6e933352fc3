import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { MemoryStore } from '../../server/store/memoryStore.js';
import { SessionHub } from '../../server/sessions/SessionHub.js';
import { breakoutEnd, pendingMove, type DueDeps } from '../../server/capabilities/dueLoop.js';
import { BREAKOUT_END_GRACE_SECONDS, decideAutoAssign, decideCancelMove, decideMove } from '../../server/capabilities/rooms/decide.js';
import { decideJoin, newPerson } from '../../server/capabilities/people/decide.js';
import { ev } from '../../shared/domain/events.js';
import { EVERYONE } from '../../shared/domain/audience.js';
import { PLENARY_ID } from '../../shared/domain/state.js';

/** A session whose clock the test moves: the store stamps events with it and the due tasks are given it. */
async function sessionWithOpenBreakouts(minutes: number) {
  let clock = 1_000_000;
  const log = pino({ level: 'silent' });
  const hub = new SessionHub(new MemoryStore(() => clock), log, () => clock);
  const mod = newPerson({ id: 'm', name: 'Mo', role: 'moderator', side: 'onsite', modality: 'onsite', at: clock });
  await hub.create('s', [ev('session:created', { title: 'T', languages: ['en'], agenda: [], createdAt: clock, joinCode: 'ABCD-EFGH', moderators: [mod] }, EVERYONE)]);
  for (const [i, modality] of (['onsite', 'online', 'online', 'onsite'] as const).entries()) {
    await hub.execute('s', null, (s) => decideJoin(s, newPerson({ id: `p${i}`, name: `P${i}`, role: 'participant', modality, at: clock })));
  }
  await hub.execute('s', 'm', (s) => decideAutoAssign(s, { mode: 'balanced', groups: 2 }, () => 0.5));
  await hub.execute('s', 'm', (s) => decideMove(s, 'open', 0, minutes, 'open-1', clock));
  const rt = await hub.require('s');
  const deps = { hub, store: hub.store, log, emit: () => {} } as unknown as DueDeps;
  return { hub, rt, deps, tick: (ms: number) => (clock += ms), now: () => clock };
}

describe('[R5] the end of the breakout timer', () => {
  it('calls everyone back with an announced one-minute countdown, once, and then moves them', async () => {
    const { rt, deps, tick, now } = await sessionWithOpenBreakouts(15);
    expect(rt.state.roomsRun.breakoutEndsAt).toBe(now() + 15 * 60_000);
    expect(rt.state.people.p0.roomId).not.toBe(PLENARY_ID);

    tick(15 * 60_000 - 1);
    await breakoutEnd(rt, now(), deps);
    expect(rt.state.roomsRun.pendingMove).toBeNull(); // not yet

    tick(1);
    const seq = rt.state.seq;
    await breakoutEnd(rt, now(), deps);
    expect(rt.state.roomsRun.pendingMove).toMatchObject({ kind: 'recall', at: now() + BREAKOUT_END_GRACE_SECONDS * 1000 });
    await breakoutEnd(rt, now(), deps); // every instance's loop runs it: scheduled once
    expect(rt.state.seq).toBe(seq + 1);

    tick(BREAKOUT_END_GRACE_SECONDS * 1000);
    await pendingMove(rt, now(), deps);
    expect(rt.state.roomsRun.open).toBe(false);
    expect(rt.state.roomsRun.breakoutEndsAt).toBeNull();
    expect(Object.values(rt.state.people).every((p) => p.roomId === PLENARY_ID)).toBe(true);
  });

  it('a moderator who cancels that recall lets the groups go on without a timer', async () => {
    const { hub, rt, deps, tick, now } = await sessionWithOpenBreakouts(10);
    tick(10 * 60_000);
    await breakoutEnd(rt, now(), deps);
    expect(rt.state.roomsRun.pendingMove?.kind).toBe('recall');
    await hub.execute('s', 'm', (s) => decideCancelMove(s));
    expect(rt.state.roomsRun.pendingMove).toBeNull();
    expect(rt.state.roomsRun.breakoutEndsAt).toBeNull();
    tick(5 * 60_000);
    await breakoutEnd(rt, now(), deps);
    expect(rt.state.roomsRun.pendingMove).toBeNull();
    expect(rt.state.roomsRun.open).toBe(true);
  });

  it('breakouts opened without a timer are never recalled by themselves', async () => {
    const { rt, deps, tick, now } = await sessionWithOpenBreakouts(0);
    expect(rt.state.roomsRun.breakoutEndsAt).toBeNull();
    tick(24 * 3600_000);
    await breakoutEnd(rt, now(), deps);
    expect(rt.state.roomsRun.pendingMove).toBeNull();
    expect(rt.state.roomsRun.open).toBe(true);
  });
});
