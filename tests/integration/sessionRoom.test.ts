import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startDueLoop } from '../../server/capabilities/dueLoop.js';
import { decideCreate, decideOpen } from '../../server/capabilities/polls/decide.js';
import { decideJoin, newPerson } from '../../server/capabilities/people/decide.js';
import { SessionHub } from '../../server/sessions/SessionHub.js';
import { RedisStore } from '../../server/store/redisStore.js';
import type { Store } from '../../server/store/Store.js';
import { EVERYONE } from '../../shared/domain/audience.js';
import { ev } from '../../shared/domain/events.js';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import { PollInputSchema } from '../../shared/domain/polls/schemas.js';
import { eventually } from '../helpers/clients.js';
import { REDIS_URL } from '../helpers/servers.js';

/**
 * Issue 20, one room per session: each loaded session's `SessionRoom` arms one timer for its earliest deadline
 * (no instance-wide tick), clears it when unloaded, and instances firing the same deadline append it once.
 * Bare hubs on a real Redis, with the server's due tasks installed (`startDueLoop`) and nothing else running:
 * no relay, no periodic catch-up, no sockets, so whatever happens at a deadline is the room's own timer.
 */
const silent = pino({ level: 'silent' });
/** How late a room's timer may close a poll after its deadline (a loaded 2-core machine; the old tick was 250 ms). */
const ON_TIME_MS = 100;

const stores: Store[] = [];
const stops: Array<() => void> = [];
afterAll(async () => {
  for (const stop of stops) stop();
  for (const s of stores) await s.close();
});

async function hubOnRedis(): Promise<SessionHub> {
  const store = await RedisStore.connect({ url: REDIS_URL });
  stores.push(store);
  const hub = new SessionHub(store, silent);
  await hub.syncClock();
  stops.push(startDueLoop({ hub, store, log: silent, emit: () => {} }));
  return hub;
}

/** A new session with one poll opened on `hub`, until `deadline` (store time) or without one (null). */
async function sessionWithOpenPoll(hub: SessionHub, deadline: number | null): Promise<{ sid: string; pollId: string }> {
  const sid = `room-${randomUUID()}`;
  const at = hub.now();
  const mod = newPerson({ id: 'm', name: 'Mo', role: 'moderator', side: 'onsite', modality: 'onsite', at });
  await hub.create(sid, [ev('session:created', { title: 'Rooms', languages: ['en'], agenda: [], createdAt: at, joinCode: 'ROOM-TEST', moderators: [mod] }, EVERYONE)]);
  await hub.execute(sid, null, (s) => decideJoin(s, newPerson({ id: 'p1', name: 'Pat', role: 'participant', modality: 'online', at })));
  const pollId = 'poll-1';
  const input = PollInputSchema.parse({ kind: 'yesno', question: 'On time?' });
  await hub.execute(sid, 'm', (s) => decideCreate(s, pollId, input));
  await hub.store.setPollOpen(sid, pollId, true);
  await hub.execute(sid, 'm', (s) => decideOpen(s, pollId, hub.now(), deadline));
  return { sid, pollId };
}

function closesOf(log: StoredEvent[], pollId: string): StoredEvent[] {
  return log.filter((e) => e.type === 'poll:closed' && (e.data as { pollId: string }).pollId === pollId);
}

describe('[SR] one SessionRoom per loaded session: its own due timer', () => {
  it('[SR1] a poll deadline fires from the room\'s timer within 100 ms of the deadline; a session without one has no timer', async () => {
    const hub = await hubOnRedis();
    const deadline = hub.now() + 600;
    const { sid, pollId } = await sessionWithOpenPoll(hub, deadline);
    const room = hub.peek(sid)!;
    expect(room.dueAt).toBe(deadline);

    const idle = await sessionWithOpenPoll(hub, null);
    expect(hub.peek(idle.sid)!.dueAt).toBeNull();

    await eventually(() => expect(room.state.polls[pollId]?.status).toBe('closed'), 5_000);
    const [closed] = closesOf(await hub.store.readLog(sid, 0), pollId);
    expect(closed.at).toBeGreaterThanOrEqual(deadline);
    expect(closed.at - deadline).toBeLessThan(ON_TIME_MS);
    // Nothing left to fire: the timer is gone with the deadline.
    expect(room.dueAt).toBeNull();
    expect(hub.peek(idle.sid)!.state.polls[idle.pollId]?.status).toBe('open');
  });

  it('[SR2] unloading a room clears its timer: nothing is appended at the deadline', async () => {
    const hub = await hubOnRedis();
    const deadline = hub.now() + 400;
    const { sid, pollId } = await sessionWithOpenPoll(hub, deadline);
    const room = hub.peek(sid)!;
    expect(room.dueAt).toBe(deadline);
    const head = await hub.store.headSeq(sid);

    expect(hub.unload(sid)).toBe(true);
    expect(room.dueAt).toBeNull();
    expect(hub.loaded()).not.toContain(sid);
    // Proving that nothing happens takes waiting past the deadline (with the old tick's margin and more).
    await new Promise((r) => setTimeout(r, deadline - hub.now() + 600));
    expect(await hub.store.headSeq(sid)).toBe(head);
    expect(closesOf(await hub.store.readLog(sid, 0), pollId)).toHaveLength(0);
    expect(hub.loaded()).not.toContain(sid);
  });

  it('[SR3] two hubs on one Redis arm the same deadline and the due command is appended once', async () => {
    const [a, b] = [await hubOnRedis(), await hubOnRedis()];
    const deadline = a.now() + 700;
    const { sid, pollId } = await sessionWithOpenPoll(a, deadline);
    // B loads the session after the poll opened (no relay between bare hubs): both rooms are armed for it.
    const roomB = await b.require(sid);
    const roomA = a.peek(sid)!;
    expect(roomA.dueAt).toBe(deadline);
    expect(roomB.dueAt).toBe(deadline);

    // B hears of A's close only through its own attempt (refused, caught up, answered with the first run):
    // both rooms closed means both timers fired.
    await eventually(() => {
      expect(roomA.state.polls[pollId]?.status).toBe('closed');
      expect(roomB.state.polls[pollId]?.status).toBe('closed');
    }, 5_000);
    const log = await a.store.readLog(sid, 0);
    expect(closesOf(log, pollId)).toHaveLength(1);
    expect(closesOf(log, pollId)[0].at - deadline).toBeLessThan(ON_TIME_MS);
    expect(roomA.dueAt).toBeNull();
    expect(roomB.dueAt).toBeNull();
  });
});
