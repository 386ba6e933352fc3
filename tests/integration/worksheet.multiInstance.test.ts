import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createSession, joinSession, observerToken } from '../helpers/servers.js';
import { useServers } from '../helpers/fixture.js';
import { eventually, type TestClient } from '../helpers/clients.js';
import { PLENARY_ID } from '../../shared/domain/state.js';
import { applyLocalValue } from '../../client/src/features/worksheet/textBinding.js';
import { WORKSHEET_COMPACT_AT, compactWorksheet } from '../../server/capabilities/worksheet/handlers.js';

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

/** A TestClient with a Y.Doc kept like the web client keeps it: open, then apply relayed updates. */
function writer(c: TestClient, roomId: string) {
  const doc = new Y.Doc();
  const pending: Array<Promise<unknown>> = [];
  c.socket.on('worksheet:update', (m: { roomId: string; update: string }) => {
    if (m.roomId === roomId) Y.applyUpdate(doc, bytes(m.update), 'remote');
  });
  doc.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin === 'local') pending.push(c.request('worksheet:update', { roomId, update: b64(u) }));
  });
  return {
    doc,
    text: (section = 'hopes') => doc.getText(section).toString(),
    async open() {
      const res = await c.request('worksheet:open', { roomId });
      expect(res.ok).toBe(true);
      Y.applyUpdate(doc, bytes(res.update), 'remote');
    },
    type(value: string, section = 'hopes') {
      applyLocalValue(doc.getText(section), value, 'local');
    },
    /** Every update sent so far was acked ok. */
    async flushed() {
      const acks = await Promise.all(pending.splice(0));
      for (const a of acks) expect(a).toMatchObject({ ok: true });
    },
  };
}

describe('[W] worksheets (two instances, real Redis)', () => {
  const t = useServers();

  async function breakoutSetup() {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    const people = await Promise.all(Array.from({ length: 6 }, (_, i) => joinSession(a, session.joinCode, `W${i}`)));
    await mod.ready();
    expect((await mod.request('rooms:autoAssign', { mode: 'balanced', groups: 2 })).ok).toBe(true);
    expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    await mod.until((s) => people.every((p) => s.people[p.personId].roomId !== PLENARY_ID));
    const roomOf = (i: number) => mod.state!.people[people[i].personId].roomId!;
    const room = roomOf(0);
    const mates = people.filter((_, i) => roomOf(i) === room);
    const outsider = people.find((_, i) => roomOf(i) !== room)!;
    expect(mates.length).toBeGreaterThanOrEqual(2);
    // The two writers of the same breakout sit on different instances.
    const c1 = t.client(a.url, mates[0].token);
    const c2 = t.client(b.url, mates[1].token);
    const other = t.client(b.url, outsider.token);
    const observer = t.client(b.url, (await observerToken(b, session.observerUrl, 'Obs')).token);
    await Promise.all([c1, c2, other, observer].map((c) => c.ready()));
    return { a, b, session, mod, room, c1, c2, other, observer };
  }

  it('[W3] two members type in the same section at once through different instances: both edits kept', async () => {
    const { room, c1, c2, other, observer, mod } = await breakoutSetup();
    const w1 = writer(c1, room);
    const w2 = writer(c2, room);
    await Promise.all([w1.open(), w2.open()]);
    w1.type('We hope for clean air.');
    await w1.flushed();
    await eventually(() => expect(w2.text()).toBe('We hope for clean air.'));

    // Concurrent edits of the same text: neither has seen the other's.
    w1.type('We hope for clean air. And parks.');
    w2.type('Together: We hope for clean air.');
    w2.type('Our fears: noise.', 'fears');
    await Promise.all([w1.flushed(), w2.flushed()]);
    const expected = 'Together: We hope for clean air. And parks.';
    await eventually(() => {
      expect(w1.text()).toBe(expected);
      expect(w2.text()).toBe(expected);
      expect(w1.text('fears')).toBe('Our fears: noise.');
    });

    // A fresh open (what a reconnecting phone does) returns the merged state from the store.
    const fresh = writer(t.client(t.servers[1].url, c1.token), room);
    await fresh.open();
    expect(fresh.text()).toBe(expected);
    expect(fresh.text('fears')).toBe('Our fears: noise.');

    // A member of another breakout and an observer never received any update, and are refused.
    const relayed = (c: TestClient) => c.raw.filter((m) => m.event === 'worksheet:update');
    expect(relayed(c2).length).toBeGreaterThan(0);
    expect(relayed(other)).toEqual([]);
    expect(relayed(observer)).toEqual([]);
    const update = b64(Y.encodeStateAsUpdate(w1.doc));
    expect(await other.request('worksheet:open', { roomId: room })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await other.request('worksheet:update', { roomId: room, update })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await observer.request('worksheet:open', { roomId: room })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await observer.request('worksheet:update', { roomId: PLENARY_ID, update })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // A moderator reads every breakout's worksheet without visiting (the console's overview), but writes in
    // it only while visiting.
    const modView = writer(mod, room);
    await modView.open();
    expect(modView.text()).toBe(expected);
    expect(await mod.request('worksheet:update', { roomId: room, update })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('[W7] text typed in the group and sent after the recall (a link that came back late) lands in the group\'s worksheet', async () => {
    const { b, room, mod, c1, c2, other } = await breakoutSetup();
    const late = writer(c1, room);
    await late.open();
    // Typed while the link was down: the update is made now and sent only after the recall.
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(late.doc));
    applyLocalValue(offline.getText('recommendations'), 'Free wifi in every library', 'local');
    const update = b64(Y.encodeStateAsUpdate(offline));
    expect((await mod.request('rooms:recall', { countdownSeconds: 0 })).ok).toBe(true);
    await c1.until((s) => !s.roomsRun.open);
    expect(await c1.request('worksheet:update', { roomId: room, update })).toMatchObject({ ok: true });
    // The group's other member reads it; someone of another group still may not write there.
    const mate = writer(t.client(b.url, c2.token), room);
    await mate.open();
    expect(mate.text('recommendations')).toBe('Free wifi in every library');
    expect(await other.request('worksheet:update', { roomId: room, update })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('[W4] an update that is not a Yjs update is refused and not stored', async () => {
    const { a, session, room, c1 } = await breakoutSetup();
    const garbage = Buffer.from([255, 255, 255, 255, 255, 1, 2, 3]).toString('base64');
    expect(await c1.request('worksheet:update', { roomId: room, update: garbage })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await c1.request('worksheet:update', { roomId: room, update: 'not base64!' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await c1.request('worksheet:update', { roomId: room, update: 'A'.repeat(200_000) })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await a.app.store.readWorksheet(session.sessionId, room)).updates).toEqual([]);
  });

  it('[W5] compaction on both instances while two members keep typing loses nothing', async () => {
    const { a, b, session, room, c1, c2 } = await breakoutSetup();
    const w1 = writer(c1, room);
    const w2 = writer(c2, room);
    await Promise.all([w1.open(), w2.open()]);
    let compactions = 0;
    const compactors = [a, b].map(async (srv) => {
      for (let i = 0; i < 15; i++) {
        if (await compactWorksheet(srv.app.store, session.sessionId, room)) compactions++;
        await new Promise((r) => setImmediate(r));
      }
    });
    const words1: string[] = [];
    const words2: string[] = [];
    for (let i = 0; i < 30; i++) {
      words1.push(`a${i}`);
      words2.push(`b${i}`);
      w1.type(words1.join(' '), 'hopes');
      w2.type(words2.join(' '), 'recommendations');
      if (i % 5 === 4) await Promise.all([w1.flushed(), w2.flushed()]);
    }
    await Promise.all([w1.flushed(), w2.flushed(), ...compactors]);
    expect(compactions).toBeGreaterThan(0);
    await compactWorksheet(a.app.store, session.sessionId, room);
    expect((await a.app.store.readWorksheet(session.sessionId, room)).updates).toHaveLength(1);
    const fresh = writer(t.client(b.url, c2.token), room);
    await fresh.open();
    expect(fresh.text('hopes')).toBe(words1.join(' '));
    expect(fresh.text('recommendations')).toBe(words2.join(' '));
  });

  it('[W6] past the threshold, the instance that stores an update compacts the room in the background', async () => {
    const { a, b, session, room, c2 } = await breakoutSetup();
    // Fill the store directly with many small real updates (faster than as many commands).
    const source = new Y.Doc();
    const stored: string[] = [];
    source.on('update', (u: Uint8Array) => stored.push(b64(u)));
    for (let i = 0; i < WORKSHEET_COMPACT_AT; i++) source.getText('fears').insert(i, String(i % 10));
    for (const u of stored) await a.app.store.appendWorksheetUpdate(session.sessionId, room, u);
    const w2 = writer(c2, room);
    await w2.open();
    w2.type('last word', 'hopes');
    await w2.flushed();
    await eventually(async () => expect((await b.app.store.readWorksheet(session.sessionId, room)).updates.length).toBeLessThanOrEqual(2));
    const fresh = writer(t.client(a.url, c2.token), room);
    await fresh.open();
    expect(fresh.text('fears')).toBe(source.getText('fears').toString());
    expect(fresh.text('hopes')).toBe('last word');
  });
});
