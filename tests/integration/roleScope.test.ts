import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { COMMANDS, type CommandName } from '../../shared/protocol/registry.js';
import { isConnected, PLENARY_ID, type SessionState } from '../../shared/domain/state.js';
import { createSession, joinSession, startServer } from '../helpers/servers.js';
import { eventually, type TestClient } from '../helpers/clients.js';
import { useServers } from '../helpers/fixture.js';
import { notYetSpoken } from '../../shared/domain/queue/fairness.js';

/**
 * The scope rules for facilitators, by command. STEER: only in the breakout the facilitator is named on
 * (`room.facilitatorId`), never the plenary or another group. MEMBER: in a room the sender is in.
 * Every command a facilitator may send that names a room must be in one of the two (checked below), so a
 * new room-scoped command cannot slip past this matrix.
 */
// In this order: `queue:extend` needs the turn `queue:next` gave, `queue:invite` someone present who has not spoken.
const STEER = ['queue:add', 'queue:remove', 'queue:next', 'queue:extend', 'queue:end', 'queue:invite', 'chat:hide', 'worksheet:lock'] as const;
const MEMBER = ['chat:send', 'queue:raise', 'queue:lower', 'worksheet:open', 'worksheet:update', 'worksheet:awareness'] as const;

function roomScopedFacilitatorCommands(): string[] {
  return (Object.keys(COMMANDS) as CommandName[]).filter((n) => {
    const spec = COMMANDS[n];
    const shape = (spec.payload as unknown as { shape?: Record<string, unknown> }).shape ?? {};
    return spec.roles.includes('facilitator') && 'roomId' in shape;
  });
}

function yjsUpdate(text: string): string {
  const doc = new Y.Doc();
  doc.getText('hopes').insert(0, text);
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
}

/** A payload for `name` aimed at `roomId`, using an entry or message that exists in that room now. */
function payloadFor(name: string, roomId: string, s: SessionState): Record<string, unknown> {
  const entry = s.queues[roomId]?.entries[0]?.id ?? 'none';
  const message = s.chat[roomId]?.find((m) => !m.hidden)?.id ?? 'none';
  switch (name) {
    case 'queue:add': return { roomId, name: 'Ana' };
    case 'queue:remove': return { roomId, entryId: entry };
    case 'queue:next': return { roomId };
    case 'queue:end': return { roomId };
    case 'queue:extend': return { roomId, entryId: s.queues[roomId]?.current?.entryId ?? 'none', seconds: 30 };
    case 'queue:invite': return { roomId, personId: notYetSpoken(s, roomId)[0]?.id ?? 'none' };
    case 'chat:hide': return { roomId, messageId: message, reason: 'off topic' };
    case 'chat:send': return { roomId, text: 'hello' };
    case 'queue:raise': return { roomId };
    case 'queue:lower': return { roomId };
    case 'worksheet:open': return { roomId };
    case 'worksheet:update': return { roomId, update: yjsUpdate('x') };
    // Unlocking an open sheet: in scope a no-op, out of scope FORBIDDEN before anything is looked at.
    case 'worksheet:lock': return { roomId, locked: false };
    // One awareness state: client 1, clock 0, state {}.
    case 'worksheet:awareness': return { roomId, update: Buffer.from([1, 1, 0, 2, 123, 125]).toString('base64') };
    default: throw new Error(`no payload for ${name}`);
  }
}

describe('[R1] role × room scope matrix: facilitator of room A vs the plenary vs room B', () => {
  const t = useServers(async () => [await startServer()]);

  it('classifies every room-scoped command a facilitator may send', () => {
    expect(roomScopedFacilitatorCommands().sort()).toEqual([...STEER, ...MEMBER].sort());
  });

  it('refuses out-of-scope commands with FORBIDDEN and changes nothing; allows them in scope', async () => {
    const [server] = t.servers;
    const session = await createSession(server);
    const sid = session.sessionId;
    const state = async () => (await server.app.hub.require(sid)).state;
    const mod = t.client(server.url, session.onsiteModeratorToken);
    await mod.ready();
    const ok = async (c: TestClient, name: string, payload: unknown) => {
      const res = await c.request(name, payload);
      expect({ name, res }).toMatchObject({ name, res: { ok: true } });
      return res;
    };
    const people: Record<string, { token: string; personId: string }> = {};
    for (const n of ['fay', 'gus', 'hal', 'ann', 'bob', 'pia']) people[n] = await joinSession(server, session.joinCode, n);
    for (const n of ['fay', 'gus', 'hal']) await ok(mod, 'people:setRole', { personId: people[n].personId, role: 'facilitator' });
    await ok(mod, 'rooms:create', { name: 'A' });
    await ok(mod, 'rooms:create', { name: 'B' });
    const [roomA, roomB] = (await state()).roomOrder.filter((id) => id !== PLENARY_ID);
    await ok(mod, 'rooms:update', { roomId: roomA, facilitatorId: people.fay.personId });
    await ok(mod, 'rooms:update', { roomId: roomB, facilitatorId: people.hal.personId });
    for (const [n, r] of [['fay', roomA], ['ann', roomA], ['hal', roomB], ['bob', roomB]] as const) await ok(mod, 'rooms:assign', { personId: people[n].personId, roomId: r });
    await ok(mod, 'rooms:open', { countdownSeconds: 0 });

    const c = Object.fromEntries(Object.entries(people).map(([n, p]) => [n, t.client(server.url, p.token)]));
    await Promise.all(Object.values(c).map((x) => x.ready()));
    await eventually(async () => {
      const s = await state();
      expect(s.people[people.fay.personId].roomId).toBe(roomA);
      expect(s.people[people.gus.personId].roomId).toBe(PLENARY_ID);
      expect(Object.values(people).every((p) => isConnected(s.people[p.personId]))).toBe(true);
    }, 15_000);
    // Something to steer in every room: a raised hand and a chat message.
    for (const [n] of [['ann'], ['bob'], ['pia']] as const) {
      await ok(c[n], 'queue:raise', {});
      await ok(c[n], 'chat:send', { text: `from ${n}` });
    }

    const cases: Array<{ who: string; room: string; allowed: readonly string[] }> = [
      // Fay facilitates A and sits in A.
      { who: 'fay', room: PLENARY_ID, allowed: [] },
      { who: 'fay', room: roomB, allowed: [] },
      // Gus is a facilitator sitting in the plenary, naming no group: he takes part there, steers nothing.
      { who: 'gus', room: PLENARY_ID, allowed: MEMBER },
      { who: 'gus', room: roomA, allowed: [] },
      { who: 'fay', room: roomA, allowed: [...MEMBER, ...STEER] },
    ];
    let refused = 0;
    for (const { who, room, allowed } of cases) {
      for (const name of [...STEER, ...MEMBER]) {
        const s = await state();
        const before = { seq: await server.app.store.headSeq(sid), worksheet: (await server.app.store.readWorksheet(sid, room)).updates.length };
        const res = await c[who].request(name, payloadFor(name, room, s));
        const label = { who, room: room === PLENARY_ID ? 'plenary' : room === roomA ? 'A' : 'B', name };
        if (allowed.includes(name)) {
          expect({ ...label, code: res.ok ? 'ok' : res.error.code }).toEqual({ ...label, code: 'ok' });
          continue;
        }
        expect({ ...label, code: res.ok ? 'ok' : res.error.code }).toEqual({ ...label, code: 'FORBIDDEN' });
        const after = { seq: await server.app.store.headSeq(sid), worksheet: (await server.app.store.readWorksheet(sid, room)).updates.length };
        expect({ ...label, after }).toEqual({ ...label, after: before });
        refused++;
      }
    }
    expect(refused).toBe(STEER.length * 4 + MEMBER.length * 3);
    // Moderators steer every room, the plenary included.
    for (const room of [PLENARY_ID, roomA, roomB]) await ok(mod, 'queue:add', payloadFor('queue:add', room, await state()));
  });
});
