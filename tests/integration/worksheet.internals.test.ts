import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { createSession, joinSession } from '../helpers/servers.js';
import { useServers } from '../helpers/fixture.js';
import { eventually, type TestClient } from '../helpers/clients.js';
import { PLENARY_ID } from '../../shared/domain/state.js';
import { applyLocalValue } from '../../client/src/features/worksheet/textBinding.js';
import { WORKSHEET_MAX_BYTES, compactWorksheet } from '../../server/capabilities/worksheet/handlers.js';

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const relayed = (c: TestClient, event = 'worksheet:update') => c.raw.filter((m) => m.event === event).map((m) => m.args[0] as { roomId: string; update: string; from: string });

/** A Y.Doc kept like the web client keeps it, edits sent one by one and checked acked. */
function writer(c: TestClient, roomId: string) {
  const doc = new Y.Doc();
  c.socket.on('worksheet:update', (m: { roomId: string; update: string }) => {
    if (m.roomId === roomId) Y.applyUpdate(doc, bytes(m.update), 'remote');
  });
  const outbox: string[] = [];
  doc.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin === 'local') outbox.push(b64(u));
  });
  return {
    doc,
    text: (section = 'hopes') => doc.getText(section).toString(),
    async open() {
      const res = await c.request('worksheet:open', { roomId });
      expect(res.ok).toBe(true);
      Y.applyUpdate(doc, bytes(res.update), 'remote');
      return res;
    },
    /** Types locally; the update waits (as in an offline phone's outbox) until `send`. */
    type(value: string, section = 'hopes') {
      applyLocalValue(doc.getText(section), value, 'local');
    },
    async send() {
      const acks = [];
      for (const update of outbox.splice(0)) acks.push(await c.request('worksheet:update', { roomId, update }));
      return acks;
    },
  };
}

describe('[WI] worksheet internals (two instances, real Redis)', () => {
  const t = useServers();

  async function setup() {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    const modB = t.client(b.url, session.onlineModeratorToken);
    const people = await Promise.all(Array.from({ length: 4 }, (_, i) => joinSession(a, session.joinCode, `P${i}`)));
    await Promise.all([mod.ready(), modB.ready()]);
    expect((await mod.request('rooms:autoAssign', { mode: 'balanced', groups: 2 })).ok).toBe(true);
    expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    await mod.until((s) => people.every((p) => s.people[p.personId].roomId !== PLENARY_ID));
    const roomOf = (i: number) => mod.state!.people[people[i].personId].roomId;
    const room1 = roomOf(0);
    const g1 = people.filter((_, i) => roomOf(i) === room1);
    const g2 = people.filter((_, i) => roomOf(i) !== room1);
    const room2 = roomOf(people.indexOf(g2[0]));
    // Group 1's two members on different instances; group 2's on B.
    const c1 = t.client(a.url, g1[0].token);
    const c2 = t.client(b.url, g1[1].token);
    const d1 = t.client(b.url, g2[0].token);
    await Promise.all([c1, c2, d1].map((c) => c.ready()));
    return { a, b, session, mod, modB, room1, room2, c1, c2, d1 };
  }

  it('[WI1] a lock refuses edits on both instances, an offline edit made before it is refused when sent after it; unlock reopens', async () => {
    const { room1, mod, modB, c1, c2, d1 } = await setup();
    const w1 = writer(c1, room1);
    const w2 = writer(c2, room1);
    await Promise.all([w1.open(), w2.open()]);
    w1.type('Before the lock.');
    expect(await w1.send()).toEqual([{ ok: true }]);
    // Typed while the phone was offline, before the lock; sent after it.
    w2.type('Offline text.', 'fears');

    // Only a moderator or the room's facilitator may lock; a participant may not.
    expect(await c1.request('worksheet:lock', { roomId: room1, locked: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await mod.request('worksheet:lock', { roomId: room1, locked: true })).toMatchObject({ ok: true });
    // The lock is acked on A: an edit arriving on B right after is refused there too, and on A.
    expect(await w2.send()).toEqual([{ ok: false, error: { code: 'WORKSHEET_LOCKED', message: expect.any(String) } }]);
    w1.type('Before the lock. After.');
    expect(await w1.send()).toMatchObject([{ ok: false, error: { code: 'WORKSHEET_LOCKED' } }]);
    // Phones learn it (read-only) from the log; another group's sheet stays open.
    await c2.until((s) => !!s.worksheetLocks?.[room1]);
    expect((await w2.open()).locked).toBe(true);
    expect(w2.text()).toBe('Before the lock.');
    const fresh = writer(t.client(t.servers[1].url, c2.token), room1);
    await fresh.open();
    expect(fresh.text('fears')).toBe('');
    const other = writer(d1, (d1.state!.people[d1.personId!].roomId));
    await other.open();
    other.type('Group 2 still writes.');
    expect(await other.send()).toEqual([{ ok: true }]);

    // Unlocked (by the other moderator, on B): edits land again.
    expect(await modB.request('worksheet:lock', { roomId: room1, locked: false })).toMatchObject({ ok: true });
    w1.type('Before the lock. Unlocked.');
    expect(await w1.send()).toEqual([{ ok: true }]);
  });

  it('[WI2] a reconnecting editor of a 50 KB sheet receives only the missing 10-character edit (state vectors), and is not echoed its own', async () => {
    const { room1, c1, c2 } = await setup();
    const w1 = writer(c1, room1);
    await w1.open();
    const long = Array.from({ length: 2000 }, (_, i) => `line ${String(i).padStart(4, '0')} of the group's long notes`).join('\n').slice(0, 50_000);
    expect(long.length).toBe(50_000);
    w1.type(long);
    // One update of about 50 KB: under the 64 KB limit of one update.
    expect((await w1.send()).every((a) => a.ok)).toBe(true);

    const w2 = writer(c2, room1);
    const full = await w2.open();
    expect(bytes(full.update).length).toBeGreaterThan(50_000);
    expect(w2.text()).toBe(long);
    // w2's link drops; meanwhile w1 adds ten characters.
    c2.socket.disconnect();
    w1.type(`${long}0123456789`);
    expect(await w1.send()).toEqual([{ ok: true }]);
    c2.socket.connect();
    await c2.ready();
    const stateVector = b64(Y.encodeStateVector(w2.doc));
    const res = await c2.request('worksheet:open', { roomId: room1, stateVector });
    expect(res.ok).toBe(true);
    const wire = Buffer.byteLength(JSON.stringify(res)) + Buffer.byteLength(stateVector);
    expect(wire).toBeLessThan(500);
    Y.applyUpdate(w2.doc, bytes(res.update), 'remote');
    expect(w2.text()).toBe(`${long}0123456789`);
    // The server's state vector covers what w2 now has: nothing to send back.
    expect(Y.encodeStateVector(w2.doc)).toEqual(bytes(res.stateVector));
    // The sender never got its own updates back; its mate (before the cut) did.
    expect(relayed(c1)).toEqual([]);
    expect(await c2.request('worksheet:open', { roomId: room1, stateVector: '////' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('[WI3] moderators receive every group\'s live text (overview) while a member of group 1 never receives group 2\'s edits', async () => {
    const { room1, room2, modB, c1, c2, d1 } = await setup();
    const w1 = writer(c1, room1);
    const w2 = writer(d1, room2);
    await Promise.all([w1.open(), w2.open()]);
    w1.type('Group one hopes.');
    w2.type('Group two fears.', 'fears');
    await Promise.all([w1.send(), w2.send()]);

    // The overview (on B, not visiting anywhere) holds both sheets; live edits of both follow.
    const ov = await modB.request('worksheet:overview', {});
    expect(ov.ok).toBe(true);
    const docs = new Map<string, Y.Doc>();
    for (const s of ov.sheets as Array<{ roomId: string; update: string }>) {
      const d = new Y.Doc();
      Y.applyUpdate(d, bytes(s.update));
      docs.set(s.roomId, d);
    }
    expect([...docs.keys()]).toEqual(expect.arrayContaining([PLENARY_ID, room1, room2]));
    expect(docs.get(room1)!.getText('hopes').toString()).toBe('Group one hopes.');
    expect(docs.get(room2)!.getText('fears').toString()).toBe('Group two fears.');
    modB.socket.on('worksheet:update', (m: { roomId: string; update: string }) => Y.applyUpdate(docs.get(m.roomId)!, bytes(m.update)));
    w1.type('Group one hopes. More.');
    w2.type('Group two fears. More.', 'fears');
    await Promise.all([w1.send(), w2.send()]);
    await eventually(() => {
      expect(docs.get(room1)!.getText('hopes').toString()).toBe('Group one hopes. More.');
      expect(docs.get(room2)!.getText('fears').toString()).toBe('Group two fears. More.');
    });
    // Group 1's other member got group 1's edits only.
    await eventually(() => expect(relayed(c2).length).toBeGreaterThan(0));
    expect(relayed(c2).every((m) => m.roomId === room1)).toBe(true);
    expect(relayed(c1).every((m) => m.roomId === room1)).toBe(true);
    expect(relayed(d1)).toEqual([]);
    // A participant cannot ask for the overview, nor open another group's sheet.
    expect(await c1.request('worksheet:overview', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await c1.request('worksheet:open', { roomId: room2 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('[WI4] presence: an awareness update reaches the room\'s other editors and moderators, never another group, never stored', async () => {
    const { a, session, room1, modB, c1, c2, d1 } = await setup();
    const doc = new Y.Doc();
    const aw = new awarenessProtocol.Awareness(doc);
    aw.setLocalState({ section: 'hopes', index: 3 });
    const update = b64(awarenessProtocol.encodeAwarenessUpdate(aw, [doc.clientID]));
    expect(await c1.request('worksheet:awareness', { roomId: room1, update })).toEqual({ ok: true });
    await eventually(() => {
      expect(relayed(c2, 'worksheet:awareness')).toEqual([{ roomId: room1, update, from: c1.personId }]);
      expect(relayed(modB, 'worksheet:awareness')).toHaveLength(1);
    });
    // Decoded as sent by the peer.
    const peer = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(peer, bytes(relayed(c2, 'worksheet:awareness')[0].update), 'remote');
    expect(peer.getStates().get(doc.clientID)).toEqual({ section: 'hopes', index: 3 });
    expect(relayed(c1, 'worksheet:awareness')).toEqual([]);
    expect(relayed(d1, 'worksheet:awareness')).toEqual([]);
    expect((await a.app.store.readWorksheet(session.sessionId, room1)).updates).toEqual([]);
    expect(await c1.request('worksheet:awareness', { roomId: room1, update: b64(new Uint8Array([1, 1, 0, 3, 1, 2, 3])) })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    aw.destroy();
    peer.destroy();
  });

  it('[WI5] after a compaction (here by the lock) a deleted word is absent from the stored updates', async () => {
    const { a, b, session, mod, room1, c1, c2 } = await setup();
    const w1 = writer(c1, room1);
    await w1.open();
    w1.type('We keep this. Xylophonesecret here.');
    await w1.send();
    w1.type('We keep this. here.');
    await w1.send();
    const stored = async () => Buffer.concat((await b.app.store.readWorksheet(session.sessionId, room1)).updates.map((u) => Buffer.from(u, 'base64'))).toString('latin1');
    expect(await stored()).toContain('Xylophonesecret');
    expect(await mod.request('worksheet:lock', { roomId: room1, locked: true })).toMatchObject({ ok: true });
    expect(await stored()).not.toContain('Xylophonesecret');
    expect((await a.app.store.readWorksheet(session.sessionId, room1)).updates).toHaveLength(1);
    const reader = writer(c2, room1);
    await reader.open();
    expect(reader.text()).toBe('We keep this. here.');
    // Nothing more to compact.
    expect(await compactWorksheet(a.app.store, session.sessionId, room1)).toBe(false);
  });

  it('[WI6] a sheet past the maximum size refuses growth (WORKSHEET_TOO_LARGE) but accepts shortening', async () => {
    const { room1, c1, c2 } = await setup();
    const w1 = writer(c1, room1);
    await w1.open();
    const chunk = 'x'.repeat(60_000);
    let text = '';
    const acks = [];
    for (let i = 0; i < 4; i++) {
      text += chunk;
      w1.type(text);
      acks.push(...(await w1.send()));
    }
    expect(acks.slice(0, 3)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(acks[3]).toMatchObject({ ok: false, error: { code: 'WORKSHEET_TOO_LARGE' } });
    expect(WORKSHEET_MAX_BYTES).toBe(200 * 1024);
    // The refused growth never landed; deleting text is accepted.
    const reader = writer(c2, room1);
    await reader.open();
    expect(reader.text().length).toBe(180_000);
    reader.type('x'.repeat(100_000));
    expect(await reader.send()).toEqual([{ ok: true }]);
  });
});
