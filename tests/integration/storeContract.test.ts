import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../server/store/fileStore.js';
import { MemoryStore } from '../../server/store/memoryStore.js';
import { RedisStore } from '../../server/store/redisStore.js';
import { readHistory, type Store } from '../../server/store/Store.js';
import { REDIS_URL } from '../helpers/servers.js';
import { RedisCluster } from '../helpers/redisCluster.js';
import { parseClusterNodes } from '../../server/store/redisConnection.js';
import type { NewEvent } from '../../shared/domain/eventTypes.js';
import * as Y from 'yjs';
import { compactWorksheet } from '../../server/capabilities/worksheet/handlers.js';

const e = (type: string, n: number): NewEvent => ({ type, data: { n }, audience: { all: true } });
const sid = () => `contract_${randomBytes(6).toString('hex')}`;

/** One suite, every Store implementation: the behaviour the rest of the server relies on. */
function contract(name: string, make: () => Promise<Store>, persisted?: () => string) {
  describe(`[S] store contract: ${name}`, () => {
    const stores: Store[] = [];
    const store = async () => {
      const s = await make();
      stores.push(s);
      return s;
    };
    afterAll(async () => {
      for (const s of stores) await s.close();
    });

    it('[S1] appends in order with sequence numbers and reads from any point', async () => {
      const s = await store();
      const id = sid();
      const r1 = await s.append(id, 0, [e('a', 1), e('b', 2)], { by: 'p1' });
      expect(r1.ok && r1.events.map((x) => x.seq)).toEqual([1, 2]);
      const r2 = await s.append(id, 2, [e('c', 3)], { by: null });
      expect(r2.ok && r2.events[0]).toMatchObject({ seq: 3, by: null, type: 'c', data: { n: 3 } });
      expect((await s.readLog(id, 0)).map((x) => x.type)).toEqual(['a', 'b', 'c']);
      expect((await s.readLog(id, 2)).map((x) => x.seq)).toEqual([3]);
      expect(await s.readLog(id, 3)).toEqual([]);
      expect(await s.headSeq(id)).toBe(3);
      expect((await s.readLog(id, 0))[0]).toMatchObject({ at: r1.ok && r1.events[0].at, by: 'p1', audience: { all: true } });
      // What an append returns is byte for byte what the log replays.
      expect(JSON.stringify(await s.readLog(id, 0))).toBe(JSON.stringify([...(r1.ok ? r1.events : []), ...(r2.ok ? r2.events : [])]));
    });

    it('[S1b] stamps every event with its own clock, whatever time the caller proposes', async () => {
      const s = await store();
      const id = sid();
      const before = await s.time();
      const r = await s.append(id, 0, [e('a', 1), e('b', 2)], { at: 1, by: null });
      const after = await s.time();
      if (!r.ok) throw new Error('append refused');
      for (const ev of r.events) {
        expect(ev.at).toBeGreaterThanOrEqual(before);
        expect(ev.at).toBeLessThanOrEqual(after);
      }
      expect((await s.readLog(id, 0)).map((x) => x.at)).toEqual(r.events.map((x) => x.at));
    });

    it('[S2] refuses an append at a stale sequence number and appends nothing', async () => {
      const s = await store();
      const id = sid();
      await s.append(id, 0, [e('a', 1)], { at: 1, by: null });
      const r = await s.append(id, 0, [e('x', 9)], { at: 2, by: null });
      expect(r).toEqual({ ok: false, reason: 'conflict', headSeq: 1 });
      expect(await s.headSeq(id)).toBe(1);
    });

    it('[S3] a repeated command id returns the first append and appends nothing', async () => {
      const s = await store();
      const id = sid();
      const first = await s.append(id, 0, [e('a', 1), e('b', 2)], { at: 1, by: 'p', cid: 'cmd-123456' });
      const again = await s.append(id, 2, [e('a', 1), e('b', 2)], { at: 5, by: 'p', cid: 'cmd-123456' });
      expect(again.ok && again.duplicate).toBe(true);
      expect(again.ok && again.events).toEqual(first.ok && first.events);
      // Even at a stale expected sequence, the duplicate is recognised before the conflict check.
      const stale = await s.append(id, 0, [e('a', 1)], { at: 6, by: 'p', cid: 'cmd-123456' });
      expect(stale.ok && stale.duplicate).toBe(true);
      expect(await s.headSeq(id)).toBe(2);
    });

    it('[S3b] a group commit appends several commands in order, each with its own command id', async () => {
      const s = await store();
      const id = sid();
      await s.append(id, 0, [e('a', 1)], { at: 1, by: null });
      const r = await s.appendBatch(id, 1, [
        { events: [e('b', 2), e('c', 3)], by: 'p1', cid: 'batch-cmd-1' },
        { events: [e('d', 4)], by: 'p2', cid: 'batch-cmd-2' },
      ], { writer: 'w1' });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.results.map((x) => x.duplicate)).toEqual([false, false]);
      expect(r.results.map((x) => x.events.map((ev) => [ev.seq, ev.type, ev.by, ev.cid]))).toEqual([
        [[2, 'b', 'p1', 'batch-cmd-1'], [3, 'c', 'p1', 'batch-cmd-1']],
        [[4, 'd', 'p2', 'batch-cmd-2']],
      ]);
      const log = await s.readLog(id, 0);
      expect(log.map((ev) => ev.type)).toEqual(['a', 'b', 'c', 'd']);
      expect(log.slice(1)).toEqual(r.results.flatMap((x) => x.events));
      // A stale batch appends nothing; a batch whose first command was seen answers its first run.
      expect(await s.appendBatch(id, 1, [{ events: [e('x', 9)], by: null, cid: 'batch-cmd-3' }], { writer: 'w2' })).toMatchObject({ ok: false });
      const again = await s.appendBatch(id, 4, [{ events: [e('d', 4)], by: 'p2', cid: 'batch-cmd-2' }], { writer: 'w1' });
      expect(again.ok && again.results[0]).toEqual({ duplicate: true, events: r.results[1].events });
      expect(await s.headSeq(id)).toBe(4);
    });

    it('[S4] concurrent appends at the same sequence number: exactly one wins', async () => {
      const s = await store();
      const id = sid();
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => s.append(id, 0, [e('x', i)], { at: i, by: null })));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await s.headSeq(id)).toBe(1);
    });

    it('[S5] stored events are copies: mutating a returned event changes nothing stored', async () => {
      const s = await store();
      const id = sid();
      const r = await s.append(id, 0, [e('a', 1)], { at: 1, by: null });
      if (r.ok) (r.events[0].data as { n: number }).n = 99;
      const read = await s.readLog(id, 0);
      (read[0].data as { n: number }).n = 77;
      expect((await s.readLog(id, 0))[0].data).toEqual({ n: 1 });
    });

    it('[S6] join codes are claimed once and resolved; sessions are listed', async () => {
      const s = await store();
      const id = sid();
      const code = `C${randomBytes(4).toString('hex').toUpperCase()}`;
      expect(await s.claimJoinCode(code, id)).toBe(true);
      expect(await s.claimJoinCode(code, 'other')).toBe(false);
      expect(await s.resolveJoinCode(code)).toBe(id);
      expect(await s.resolveJoinCode(`${code}X`)).toBeNull();
      await s.append(id, 0, [e('a', 1)], { at: 1, by: null });
      expect(await s.listSessions()).toContain(id);
    });

    it('[S7] ballots land only while the poll is open; one per person, the last one counts', async () => {
      const s = await store();
      const id = sid();
      expect(await s.castBallot(id, 'poll1', 'p1', '"a"')).toBe('closed');
      await s.setPollOpen(id, 'poll1', true);
      expect(await s.castBallot(id, 'poll1', 'p1', '"a"')).toBe('accepted');
      expect(await s.castBallot(id, 'poll1', 'p1', '"b"')).toBe('accepted');
      expect(await s.castBallot(id, 'poll1', 'p2', '"a"')).toBe('accepted');
      await s.setPollOpen(id, 'poll1', false);
      expect(await s.castBallot(id, 'poll1', 'p3', '"a"')).toBe('closed');
      expect(Object.fromEntries(await s.readBallots(id, 'poll1'))).toEqual({ p1: '"b"', p2: '"a"' });
      expect((await s.readBallots(id, 'other')).size).toBe(0);
    });

    it('[S8] rate counters count per window; increment 0 only reads', async () => {
      const s = await store();
      const key = `k${randomBytes(4).toString('hex')}`;
      expect(await s.hit(key, 60_000)).toBe(1);
      expect(await s.hit(key, 60_000)).toBe(2);
      expect(await s.hit(key, 60_000, 0)).toBe(2);
      expect(await s.hit(`${key}-other`, 60_000, 0)).toBe(0);
    });

    it('[S9] heartbeats expire', async () => {
      const s = await store();
      const inst = `i${randomBytes(4).toString('hex')}`;
      expect(await s.isAlive(inst)).toBe(false);
      await s.heartbeat(inst, 150);
      expect(await s.isAlive(inst)).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      expect(await s.isAlive(inst)).toBe(false);
    });

    it('[S9b] notes the sessions an instance name logged presence in, until forgotten (presence per boot)', async () => {
      const s = await store();
      const inst = `i${randomBytes(4).toString('hex')}`;
      expect(await s.instanceSessions(inst)).toEqual([]);
      await s.noteInstanceSession(inst, 's-a');
      await s.noteInstanceSession(inst, 's-b');
      await s.noteInstanceSession(inst, 's-a');
      expect((await s.instanceSessions(inst)).sort()).toEqual(['s-a', 's-b']);
      expect(await s.instanceSessions(`${inst}-other`)).toEqual([]);
      await s.forgetInstanceSession(inst, 's-a');
      expect(await s.instanceSessions(inst)).toEqual(['s-b']);
    });

    it('[S11] remembers acks per session and key until they expire', async () => {
      const s = await store();
      const id = sid();
      expect(await s.recallAck(id, 'p1:cmd-1')).toBeNull();
      await s.rememberAck(id, 'p1:cmd-1', '{"seq":4}', 200);
      expect(await s.recallAck(id, 'p1:cmd-1')).toBe('{"seq":4}');
      expect(await s.recallAck(id, 'p2:cmd-1')).toBeNull();
      expect(await s.recallAck(sid(), 'p1:cmd-1')).toBeNull();
      await new Promise((r) => setTimeout(r, 350));
      expect(await s.recallAck(id, 'p1:cmd-1')).toBeNull();
    });

    it('[S12] worksheet updates are appended in order; compaction replaces only the prefix it merged', async () => {
      const s = await store();
      const id = sid();
      expect(await s.readWorksheet(id, 'r1')).toEqual({ updates: [], version: 0 });
      expect(await s.appendWorksheetUpdate(id, 'r1', 'a')).toBe(1);
      expect(await s.appendWorksheetUpdate(id, 'r1', 'b')).toBe(2);
      await s.appendWorksheetUpdate(id, 'r2', 'other');
      const read = await s.readWorksheet(id, 'r1');
      // An append that lands after the compactor read the list is kept after the merged prefix.
      await s.appendWorksheetUpdate(id, 'r1', 'c');
      expect(await s.compactWorksheet(id, 'r1', read.version, 2, 'ab')).toBe(true);
      expect(await s.readWorksheet(id, 'r1')).toEqual({ updates: ['ab', 'c'], version: 1 });
      // A second compactor that read before the first one won must not replace the new prefix.
      expect(await s.compactWorksheet(id, 'r1', read.version, 2, 'ab')).toBe(false);
      expect(await s.compactWorksheet(id, 'r1', 1, 5, 'x')).toBe(false);
      expect((await s.readWorksheet(id, 'r1')).updates).toEqual(['ab', 'c']);
      expect((await s.readWorksheet(id, 'r2')).updates).toEqual(['other']);
    });

    it('[S13] compaction through a collected document drops deleted text, keeps an update appended meanwhile, and sizes add up', async () => {
      const s = await store();
      const id = sid();
      const doc = new Y.Doc();
      const sent: string[] = [];
      doc.on('update', (u: Uint8Array) => sent.push(Buffer.from(u).toString('base64')));
      doc.getText('hopes').insert(0, 'keep Quokkasecret keep');
      doc.getText('hopes').delete(5, 13);
      for (const u of sent.splice(0)) await s.appendWorksheetUpdate(id, 'r1', u);
      const decoded = async () => Buffer.concat((await s.readWorksheet(id, 'r1')).updates.map((u) => Buffer.from(u, 'base64'))).toString('latin1');
      expect(await decoded()).toContain('Quokkasecret');
      // Compacting the first two while a third lands: the third stays after the merged prefix.
      const read = await s.readWorksheet(id, 'r1');
      doc.getText('fears').insert(0, 'late');
      await s.appendWorksheetUpdate(id, 'r1', sent.splice(0)[0]);
      const { compactStored } = await import('../../server/capabilities/worksheet/yjsUpdates.js');
      expect(await s.compactWorksheet(id, 'r1', read.version, read.updates.length, compactStored(read.updates))).toBe(true);
      const after = await s.readWorksheet(id, 'r1');
      expect(after.updates).toHaveLength(2);
      expect(await decoded()).not.toContain('Quokkasecret');
      expect(await s.worksheetSize(id, 'r1')).toBe(after.updates.reduce((n, u) => n + u.length, 0));
      const check = new Y.Doc();
      for (const u of after.updates) Y.applyUpdate(check, Buffer.from(u, 'base64'));
      expect(check.getText('hopes').toString()).toBe('keep keep');
      expect(check.getText('fears').toString()).toBe('late');
      // The whole list once more, through the server's compactor: one update, and nothing left on disk either.
      expect(await compactWorksheet(s, id, 'r1')).toBe(true);
      expect((await s.readWorksheet(id, 'r1')).updates).toHaveLength(1);
      if (persisted) expect(persisted()).not.toContain('Quokkasecret');
      expect(await s.worksheetSize(id, 'nothing')).toBe(0);
    });

    it('[S10] ping answers while the store is reachable', async () => {
      const s = await store();
      await expect(s.ping()).resolves.toBeUndefined();
    });

    it('[S14] snapshots: the log is trimmed behind the previous snapshot into the archive; seqs, appends and duplicates stay global', async () => {
      const s = await store();
      const id = sid();
      for (let i = 0; i < 10; i++) await s.append(id, i, [e('x', i + 1)], { by: null, cid: `c${i + 1}` });
      expect(await s.readSnapshot(id)).toBeNull();
      expect(await s.saveSnapshot(id, 4, '{"seq":4}')).toBe(4);
      // The first snapshot trims nothing (no previous one): the margin is one snapshot interval.
      expect((await s.readLog(id, 0)).map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(await s.saveSnapshot(id, 8, '{"seq":8}')).toBe(8);
      // An older snapshot (another instance, late) changes nothing.
      expect(await s.saveSnapshot(id, 6, '{"seq":6}')).toBe(8);
      expect(await s.readSnapshot(id)).toEqual({ seq: 8, state: '{"seq":8}' });
      // Trimmed behind the previous snapshot (4): the log starts at 5, reads from before it start there.
      expect((await s.readLog(id, 0)).map((x) => x.seq)).toEqual([5, 6, 7, 8, 9, 10]);
      expect((await s.readLog(id, 6)).map((x) => x.seq)).toEqual([7, 8, 9, 10]);
      expect(await s.headSeq(id)).toBe(10);
      expect((await s.readArchive(id)).map((x) => x.seq)).toEqual([1, 2, 3, 4]);
      expect((await s.readArchive(id)).map((x) => x.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
      expect((await readHistory(s, id)).map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      // Appends go on at the global head; a stale expectation is a conflict naming it.
      const late = await s.append(id, 5, [e('y', 0)], { by: null });
      expect(late).toEqual({ ok: false, reason: 'conflict', headSeq: 10 });
      const next = await s.appendBatch(id, 10, [{ events: [e('z', 11)], by: null, cid: 'c11' }], { writer: 'w1' });
      expect(next.ok && next.results[0].events[0].seq).toBe(11);
      // A retried command is recognised, whether its events are still in the log or already archived.
      const dupLive = await s.append(id, 11, [e('x', 7)], { by: null, cid: 'c7' });
      expect(dupLive.ok && dupLive.duplicate && dupLive.events.map((x) => x.seq)).toEqual([7]);
      const dupArchived = await s.appendBatch(id, 11, [{ events: [e('x', 2)], by: null, cid: 'c2' }], { writer: 'w1' });
      expect(dupArchived.ok && dupArchived.results[0].duplicate).toBe(true);
      expect(await s.headSeq(id)).toBe(11);
      // Deletion removes the snapshot, the archive and the offset with the rest.
      await s.deleteSession(id, []);
      expect(await s.readSnapshot(id)).toBeNull();
      expect(await s.readArchive(id)).toEqual([]);
      expect(await s.headSeq(id)).toBe(0);
    });
  });
}

contract('memory', async () => new MemoryStore());
contract('redis', () => RedisStore.connect({ url: REDIS_URL }));
// The same contract on a real three-master Redis Cluster, started for this file (issue 20): every script keeps
// its keys in one slot, deletion scans every master.
let cluster: Promise<RedisCluster> | null = null;
contract('redis cluster', async () => {
  const c = await (cluster ??= RedisCluster.start());
  const seeds = parseClusterNodes(c.nodes);
  if ('error' in seeds) throw new Error(seeds.error);
  return RedisStore.connect({ target: { kind: 'cluster', nodes: seeds.nodes } });
});
afterAll(async () => {
  if (cluster) await (await cluster).stop();
}, 20_000);
// A fresh data directory per store (under the OS temp dir); reopening one is tested in fileStore.test.ts.
const dataDirs: string[] = [];
/** Every byte the file stores wrote (journals, rewrites), decoded where a worksheet update would be base64. */
function fileBytes(): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const text = readFileSync(p, 'latin1');
        out.push(text);
        for (const m of text.match(/[A-Za-z0-9+/]{8,}={0,2}/g) ?? []) out.push(Buffer.from(m, 'base64').toString('latin1'));
      }
    }
  };
  for (const d of dataDirs) walk(d);
  return out.join('\n');
}
contract('file', () => FileStore.open(dataDirs[dataDirs.push(mkdtempSync(path.join(tmpdir(), 'dr-contract-'))) - 1]), fileBytes);
afterAll(() => {
  for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
});
