import { describe, expect, it } from 'vitest';
import { createSession, joinSession, startServer } from '../helpers/servers.js';
import { useServers } from '../helpers/fixture.js';
import { PLENARY_ID, type Person, type SessionState } from '../../shared/domain/state.js';
import { SMALL_PLENARY } from '../../shared/domain/people/roster.js';

const PEOPLE = 200;

/**
 * [JS2] A participant's snapshot (issue 20): their own room's people, the staff and the counts, not the whole roster;
 * a moderator's holds everyone. Names the phone shows of people outside its view travel with their entity.
 */
describe('[JS2] what a participant snapshot holds in a 200-person session', () => {
  const t = useServers(() => Promise.all([startServer()]));

  it('its breakout room, the staff and the counts; the moderator everything; queue names without the roster', async () => {
    const [a] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    await mod.ready();
    const joins: Array<{ personId: string; token: string }> = [];
    for (let i = 0; i < PEOPLE; i += 20) {
      joins.push(...(await Promise.all(Array.from({ length: 20 }, (_, k) => joinSession(a, session.joinCode, `P${i + k}`, (i + k) % 2 ? 'online' : 'onsite')))));
    }
    const total = PEOPLE + 2;
    await mod.until((s) => s.roster.length === total, 10_000);
    expect(PEOPLE).toBeGreaterThan(SMALL_PLENARY);

    // In the plenary of a large session: itself and the staff only, with the counts.
    const phone = t.client(a.url, joins[0].token);
    const first = await phone.ready();
    const plenary = first.replay.state as SessionState;
    const staff = mod.state!.roster.filter((id) => mod.state!.people[id].role !== 'participant');
    expect(staff).toHaveLength(2);
    expect(Object.keys(plenary.people).sort()).toEqual([joins[0].personId, ...staff].sort());
    expect(plenary.roster).toEqual(mod.state!.roster.filter((id) => id === joins[0].personId || staff.includes(id)));
    const everyone = Object.values(mod.state!.people);
    expect(plenary.rosterCounts).toEqual({
      people: total,
      onsite: everyone.filter((p) => p.modality === 'onsite').length,
      online: everyone.filter((p) => p.modality === 'online').length,
      connected: expect.any(Number),
    });

    // Ten breakout groups of 20: the phone's snapshot holds its group, the staff and a facilitator of another group.
    expect((await mod.request('rooms:autoAssign', { mode: 'balanced', groups: 10 })).ok).toBe(true);
    expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    await mod.until((s) => s.roomsRun.open && joins.every((j) => s.people[j.personId].roomId !== PLENARY_ID), 10_000);
    const other = joins.find((j) => mod.state!.people[j.personId].roomId !== mod.state!.people[joins[0].personId].roomId)!;
    expect((await mod.request('people:setRole', { personId: other.personId, role: 'facilitator' })).ok).toBe(true);
    await mod.until((s) => s.people[other.personId].role === 'facilitator');

    const myRoom = mod.state!.people[joins[0].personId].roomId;
    const mates = mod.state!.roster.filter((id) => mod.state!.people[id].roomId === myRoom && mod.state!.people[id].role === 'participant');
    expect(mates.length).toBeGreaterThan(10);
    // Live, the open phone learnt its group and the new facilitator from a digest (fresh rooms: no resync).
    await phone.until((s) => mates.every((id) => s.people[id]?.roomId === myRoom) && s.people[other.personId]?.role === 'facilitator', 8_000);
    expect(phone.raw.some((r) => r.event === 'session:resync')).toBe(false);
    const snap = (await phone.request('session:sync', { sinceSeq: null })).replay.state as SessionState;
    expect(Object.keys(snap.people).sort()).toEqual([...mates, ...staff, other.personId].sort());
    expect(Object.keys(snap.roomsRun.groupOf)).toEqual([joins[0].personId]);
    expect(snap.rosterCounts!.people).toBe(total);

    // The moderator's snapshot holds everyone, without counts (it counts them itself).
    const modSnap = (await mod.request('session:sync', { sinceSeq: null })).replay.state as SessionState;
    expect(Object.keys(modSnap.people)).toHaveLength(total);
    expect(modSnap.rosterCounts).toBeUndefined();
    expect(Object.keys(modSnap.roomsRun.groupOf)).toHaveLength(PEOPLE);

    // Someone moved into an open breakout that said nothing yet (no resync): their phone learns the whole group
    // from the next digest, and the group learns of them.
    const moverJoin = joins.find((j) => ![myRoom, mod.state!.people[other.personId].roomId].includes(mod.state!.people[j.personId].roomId))!;
    const moverC = t.client(a.url, moverJoin.token);
    await moverC.ready();
    expect(moverC.state!.people[mates[0]]).toBeUndefined();
    expect((await mod.request('rooms:assign', { personId: moverJoin.personId, roomId: myRoom })).ok).toBe(true);
    await moverC.until((s) => mates.every((id) => s.people[id]?.roomId === myRoom), 8_000);
    expect(moverC.raw.some((r) => r.event === 'session:resync')).toBe(false);
    await phone.until((s) => s.people[moverJoin.personId]?.roomId === myRoom, 8_000);

    // The phone shows a queue of its room by the names the entries carry, none of them from the roster.
    const mateToken = joins.find((j) => j.personId === mates.find((id) => id !== joins[0].personId))!;
    const mate = t.client(a.url, mateToken.token);
    await mate.ready();
    expect((await mate.request('queue:raise', { roomId: myRoom })).ok).toBe(true);
    await phone.until((s) => (s.queues[myRoom]?.entries ?? []).some((e) => e.personId === mateToken.personId));
    const entry = phone.state!.queues[myRoom].entries.find((e) => e.personId === mateToken.personId)!;
    expect(entry.name).toBe((mod.state!.people[mateToken.personId] as Person).name);
  }, 60_000);
});
