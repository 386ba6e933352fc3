import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyLocalValue, diffText, mapCaret, type TextDelta } from '../../client/src/features/worksheet/textBinding.js';
import { MemoryStore } from '../../server/store/memoryStore.js';
import { compactWorksheet } from '../../server/capabilities/worksheet/handlers.js';
import { fromBase64, isValidUpdate, mergeStored, toBase64 } from '../../server/capabilities/worksheet/yjsUpdates.js';

const docWith = (clientID: number) => {
  const d = new Y.Doc();
  d.clientID = clientID;
  return d;
};

describe('[W1] textarea diff to Yjs', () => {
  it('finds the minimal edit (prefix and suffix kept, no overlap)', () => {
    expect(diffText('hello world', 'hello brave world')).toEqual({ index: 6, remove: 0, insert: 'brave ' });
    expect(diffText('hello world', 'hello')).toEqual({ index: 5, remove: 6, insert: '' });
    expect(diffText('aa', 'aaa')).toEqual({ index: 2, remove: 0, insert: 'a' });
    expect(diffText('abc', 'axc')).toEqual({ index: 1, remove: 1, insert: 'x' });
    expect(diffText('same', 'same')).toEqual({ index: 4, remove: 0, insert: '' });
  });

  it('two people editing the same section at once keep both edits', () => {
    const a = docWith(1);
    const b = docWith(2);
    applyLocalValue(a.getText('hopes'), 'We hope for clean air.', 'local');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    // Concurrent: a appends at the end, b inserts at the start, neither has seen the other.
    const sa = Y.encodeStateVector(a);
    const sb = Y.encodeStateVector(b);
    applyLocalValue(a.getText('hopes'), 'We hope for clean air. And parks.', 'local');
    applyLocalValue(b.getText('hopes'), 'Together: We hope for clean air.', 'local');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, sa));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, sb));
    expect(a.getText('hopes').toString()).toBe('Together: We hope for clean air. And parks.');
    expect(b.getText('hopes').toString()).toBe(a.getText('hopes').toString());
  });

  it('an unchanged value makes no update', () => {
    const a = docWith(1);
    let updates = 0;
    a.on('update', () => updates++);
    expect(applyLocalValue(a.getText('x'), '', 'local')).toBe(false);
    expect(updates).toBe(0);
  });

  it('the caret follows remote edits before it and stays put for edits after it', () => {
    const del: TextDelta = [{ retain: 2 }, { delete: 3 }];
    const ins: TextDelta = [{ retain: 2 }, { insert: 'xyz' }];
    expect(mapCaret(10, ins)).toBe(13);
    expect(mapCaret(2, ins)).toBe(2);
    expect(mapCaret(1, ins)).toBe(1);
    expect(mapCaret(10, del)).toBe(7);
    expect(mapCaret(3, del)).toBe(2); // caret inside the deleted text lands where it was
    expect(mapCaret(0, [{ insert: 'ab' }])).toBe(0);
    expect(mapCaret(4, [{ delete: 1 }, { retain: 1 }, { insert: 'q' }])).toBe(4);
  });

  it('a real Y.Text event delta maps the caret', () => {
    const a = docWith(1);
    const t = a.getText('s');
    t.insert(0, 'hello world');
    let delta: TextDelta = [];
    t.observe((e) => (delta = e.delta as TextDelta));
    t.insert(0, '>> ');
    expect(mapCaret(6, delta)).toBe(9);
  });
});

describe('[W2] stored updates', () => {
  it('accepts a real update and refuses garbage', () => {
    const a = docWith(1);
    a.getText('s').insert(0, 'x');
    expect(isValidUpdate(Y.encodeStateAsUpdate(a))).toBe(true);
    expect(isValidUpdate(fromBase64('AAA='))).toBe(true); // the empty document
    expect(isValidUpdate(new Uint8Array([255, 255, 255, 255, 255, 1, 2]))).toBe(false);
    expect(isValidUpdate(new Uint8Array([]))).toBe(false);
  });

  it('compaction keeps every character, also of updates appended while it runs', async () => {
    const store = new MemoryStore();
    const a = docWith(1);
    const updates: string[] = [];
    a.on('update', (u: Uint8Array) => updates.push(toBase64(u)));
    for (const word of ['one ', 'two ', 'three ']) a.getText('s').insert(a.getText('s').length, word);
    for (const u of updates) await store.appendWorksheetUpdate('s1', 'r1', u);
    const before = await store.readWorksheet('s1', 'r1');
    a.getText('s').insert(a.getText('s').length, 'four');
    await store.appendWorksheetUpdate('s1', 'r1', updates[updates.length - 1]);
    // Compaction from the stale read is refused only if another compaction won; here it wins.
    expect(await store.compactWorksheet('s1', 'r1', before.version, before.updates.length, mergeStored(before.updates))).toBe(true);
    expect(await compactWorksheet(store, 's1', 'r1')).toBe(true);
    const after = await store.readWorksheet('s1', 'r1');
    expect(after.updates).toHaveLength(1);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, fromBase64(mergeStored(after.updates)));
    expect(fresh.getText('s').toString()).toBe('one two three four');
  });
});
