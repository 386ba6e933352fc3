import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore, type FileStoreOptions } from '../../server/store/fileStore.js';
import { DataDirInUseError } from '../../server/store/dataDirLock.js';
import type { NewEvent } from '../../shared/domain/eventTypes.js';

const e = (type: string, n: number): NewEvent => ({ type, data: { n }, audience: { all: true } });
const sid = () => `s_${randomBytes(6).toString('hex')}`;

/** The embedded store's durability: what was written comes back from the same directory after a close or a crash. */
describe('[F] file store: reopened from its data directory', () => {
  const dirs: string[] = [];
  const open: FileStore[] = [];
  const newDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'dr-filestore-'));
    dirs.push(d);
    return d;
  };
  const openStore = async (dir: string, opts?: FileStoreOptions) => {
    const s = await FileStore.open(dir, opts);
    open.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of open) await s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('[F1] every kind of state comes back: log, command ids, codes, sessions, poll flags, ballots, worksheets, acks', async () => {
    const dir = newDir();
    const id = sid();
    const a = await openStore(dir);
    await a.claimJoinCode('CODE2345', id);
    await a.append(id, 0, [e('a', 1), e('b', 2)], { at: 10, by: 'p1', cid: 'p1:c1' });
    await a.append(id, 2, [e('c', 3)], { at: 20, by: null });
    await a.setPollOpen(id, 'poll1', true);
    await a.setPollOpen(id, 'poll2', true);
    await a.castBallot(id, 'poll1', 'p1', '"a"');
    await a.castBallot(id, 'poll1', 'p1', '"b"');
    await a.castBallot(id, 'poll1', 'p2', '"a"');
    await a.setPollOpen(id, 'poll1', false);
    for (const u of ['u1', 'u2', 'u3']) await a.appendWorksheetUpdate(id, 'r1', u);
    expect(await a.compactWorksheet(id, 'r1', 0, 2, 'u12')).toBe(true);
    await a.appendWorksheetUpdate(id, 'r1', 'u4');
    await a.rememberAck(id, 'p1:c1', '{"ok":true}', 60_000);
    await a.rememberAck(id, 'p1:short', '{"ok":true}', 1);
    const before = await a.readLog(id, 0);
    await a.close();

    const b = await openStore(dir);
    expect(await b.readLog(id, 0)).toEqual(before);
    expect(await b.headSeq(id)).toBe(3);
    expect(await b.resolveJoinCode('CODE2345')).toBe(id);
    expect(await b.claimJoinCode('CODE2345', 'other')).toBe(false);
    expect(await b.listSessions()).toEqual([id]);
    expect(Object.fromEntries(await b.readBallots(id, 'poll1'))).toEqual({ p1: '"b"', p2: '"a"' });
    // Poll flags: poll1 was closed, poll2 is still open.
    expect(await b.castBallot(id, 'poll1', 'p3', '"a"')).toBe('closed');
    expect(await b.castBallot(id, 'poll2', 'p3', '"a"')).toBe('accepted');
    expect(await b.readWorksheet(id, 'r1')).toEqual({ updates: ['u12', 'u3', 'u4'], version: 1 });
    // A compactor that read before the restart cannot replace the newer prefix.
    expect(await b.compactWorksheet(id, 'r1', 0, 2, 'x')).toBe(false);
    expect(await b.recallAck(id, 'p1:c1')).toBe('{"ok":true}');
    expect(await b.recallAck(id, 'p1:short')).toBeNull();
    // A command retried after the restart is recognised, not appended twice.
    const again = await b.append(id, 3, [e('a', 1), e('b', 2)], { at: 99, by: 'p1', cid: 'p1:c1' });
    expect(again.ok && again.duplicate).toBe(true);
    expect(again.ok && again.events).toEqual(before.slice(0, 2));
    expect(await b.headSeq(id)).toBe(3);
  });

  it('[F2b] a damaged line in the middle is skipped, never cut: the acked records after it stay, its events keep their place', async () => {
    const dir = newDir();
    const id = sid();
    const a = await openStore(dir);
    await a.append(id, 0, [e('a', 1)], { at: 1, by: null });
    await a.append(id, 1, [e('b', 2)], { at: 2, by: null });
    await a.setPollOpen(id, 'p', true);
    await a.castBallot(id, 'p', 'p1', '"yes"');
    await a.append(id, 2, [e('c', 3)], { at: 3, by: null });
    const file = a.fileOf(id);
    await a.close();
    // Damage the record of event 'b' in place (a disk block, a hand edit), keeping the lines after it.
    const lines = readFileSync(file, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('"type":"b"'));
    expect(i).toBeGreaterThan(0);
    lines[i] = lines[i].slice(0, 20) + '#garbage#';
    writeFileSync(file, lines.join('\n'));

    const b = await openStore(dir);
    expect((await b.readLog(id, 0)).map((x) => [x.seq, x.type])).toEqual([[1, 'a'], [2, 'log:unreadable'], [3, 'c']]);
    expect(Object.fromEntries(await b.readBallots(id, 'p'))).toEqual({ p1: '"yes"' });
    // The log goes on after the hole at the right position.
    expect((await b.append(id, 3, [e('d', 4)], { at: 4, by: null })).ok).toBe(true);
    await b.close();
    const c = await openStore(dir);
    expect((await c.readLog(id, 0)).map((x) => x.type)).toEqual(['a', 'log:unreadable', 'c', 'd']);
  });

  it('[F2] a torn last line (a crash mid-write) is dropped, the file is cut back, and appends continue after it', async () => {
    const dir = newDir();
    const id = sid();
    const a = await openStore(dir);
    await a.claimJoinCode('TORN2345', id);
    await a.append(id, 0, [e('a', 1)], { at: 1, by: null });
    await a.setPollOpen(id, 'p', true);
    await a.castBallot(id, 'p', 'p1', '"yes"');
    const file = a.fileOf(id);
    await a.close();
    // What kill -9 in the middle of a write leaves: the start of a record, no newline.
    appendFileSync(file, '{"t":"ballot","poll":"p","person":"p2","bal');
    appendFileSync(path.join(dir, 'codes.jsonl'), '{"code":"HALF');
    const tornSize = statSync(file).size;

    const b = await openStore(dir);
    expect(statSync(file).size).toBeLessThan(tornSize);
    expect(Object.fromEntries(await b.readBallots(id, 'p'))).toEqual({ p1: '"yes"' });
    expect(await b.resolveJoinCode('TORN2345')).toBe(id);
    expect(await b.castBallot(id, 'p', 'p2', '"no"')).toBe('accepted');
    expect((await b.append(id, 1, [e('b', 2)], { at: 2, by: null })).ok).toBe(true);
    expect(await b.claimJoinCode('NEXT2345', id)).toBe(true);
    await b.close();

    // Had the torn bytes stayed, the next record would have been glued onto them and lost at this open.
    const c = await openStore(dir);
    expect(Object.fromEntries(await c.readBallots(id, 'p'))).toEqual({ p1: '"yes"', p2: '"no"' });
    expect((await c.readLog(id, 0)).map((x) => x.type)).toEqual(['a', 'b']);
    expect(await c.resolveJoinCode('NEXT2345')).toBe(id);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });

  it('[F3] group commit: a burst of 500 concurrent ballots shares far fewer fsyncs than 500', async () => {
    const dir = newDir();
    const id = sid();
    const s = await openStore(dir);
    await s.setPollOpen(id, 'p', true);
    const before = s.syncCount();
    const results = await Promise.all(Array.from({ length: 500 }, (_, i) => s.castBallot(id, 'p', `p${i}`, `"${i % 3}"`)));
    expect(results.every((r) => r === 'accepted')).toBe(true);
    const syncs = s.syncCount() - before;
    expect(syncs).toBeGreaterThan(0);
    expect(syncs).toBeLessThan(50);
    await s.close();
    const again = await openStore(dir);
    expect((await again.readBallots(id, 'p')).size).toBe(500);
  });

  it('[F4] a journal full of superseded history is rewritten to its live state, and reopens the same', async () => {
    const dir = newDir();
    const id = sid();
    const s = await openStore(dir, { rewriteMinDeadBytes: 20_000, rewriteDeadShare: 0.5 });
    await s.append(id, 0, [e('a', 1)], { at: 1, by: 'p1', cid: 'p1:first' });
    await s.setPollOpen(id, 'p', true);
    // 20 people change their mind 200 times: 4000 ballot lines, 20 of them live.
    for (let round = 0; round < 200; round++) await Promise.all(Array.from({ length: 20 }, (_, i) => s.castBallot(id, 'p', `person-${i}`, `"choice-${round}"`)));
    for (let i = 0; i < 300; i++) await s.appendWorksheetUpdate(id, 'r1', `update-${i}-${'x'.repeat(50)}`);
    const ws = await s.readWorksheet(id, 'r1');
    expect(await s.compactWorksheet(id, 'r1', ws.version, ws.updates.length, 'merged')).toBe(true);
    await s.appendWorksheetUpdate(id, 'r1', 'after');
    await s.rememberAck(id, 'p1:first', '{"ok":true}', 60_000);
    const file = s.fileOf(id);
    // Rewrites run in the background after a write: wait until the file holds little more than the live state.
    await expect.poll(() => statSync(file).size, { timeout: 10_000 }).toBeLessThan(10_000);
    await s.close();

    const again = await openStore(dir);
    const ballots = await again.readBallots(id, 'p');
    expect(ballots.size).toBe(20);
    expect([...ballots.values()].every((b) => b === '"choice-199"')).toBe(true);
    expect(await again.readWorksheet(id, 'r1')).toEqual({ updates: ['merged', 'after'], version: 1 });
    expect(await again.recallAck(id, 'p1:first')).toBe('{"ok":true}');
    const dup = await again.append(id, 1, [e('a', 1)], { at: 5, by: 'p1', cid: 'p1:first' });
    expect(dup.ok && dup.duplicate).toBe(true);
    expect(await again.castBallot(id, 'p', 'late', '"x"')).toBe('accepted');
  });

  it('[F5] after a failed write the store stops (fail-stop): later writes and ping fail, nothing half-done is acked', async () => {
    const dir = newDir();
    const s = await openStore(dir);
    const ok = sid();
    await s.append(ok, 0, [e('a', 1)], { at: 1, by: null });
    // The sessions directory disappears (a disk unmounted under us): the next new session's file cannot be created.
    rmSync(path.join(dir, 'sessions'), { recursive: true, force: true });
    await expect(s.append(sid(), 0, [e('a', 1)], { at: 1, by: null })).rejects.toThrow();
    await expect(s.ping()).rejects.toThrow();
    await expect(s.append(ok, 1, [e('b', 2)], { at: 2, by: null })).rejects.toThrow();
    await expect(s.readLog(ok, 0)).rejects.toThrow();
  });

  it('[F6] session ids that are not server-made never become paths', async () => {
    const dir = newDir();
    const s = await openStore(dir);
    const evil = '../../escape';
    await s.append(evil, 0, [e('a', 1)], { at: 1, by: null });
    expect(path.dirname(s.fileOf(evil))).toBe(path.join(dir, 'sessions'));
    await s.close();
    writeFileSync(path.join(dir, 'sessions', 'junk.txt'), 'not a journal');
    const again = await openStore(dir);
    expect(await again.listSessions()).toEqual([evil]);
    expect(await again.headSeq(evil)).toBe(1);
  });

  it('[F7] one process per data directory: a live owner keeps it, a dead one (kill -9) is taken over', async () => {
    const dir = newDir();
    // A live process other than this one holds the lock (the parent of this test worker).
    writeFileSync(path.join(dir, 'LOCK'), String(process.ppid));
    await expect(FileStore.open(dir)).rejects.toThrow(DataDirInUseError);
    // A crashed owner: its pid no longer runs.
    const gone = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    await new Promise<void>((resolve) => {
      gone.once('exit', () => resolve());
      gone.kill('SIGKILL');
    });
    writeFileSync(path.join(dir, 'LOCK'), String(gone.pid));
    const s = await openStore(dir);
    expect(readFileSync(path.join(dir, 'LOCK'), 'utf8')).toBe(String(process.pid));
    await s.close();
    expect(existsSync(path.join(dir, 'LOCK'))).toBe(false);
  });
});
