import { describe, expect, it } from 'vitest';
import { indexOfSeq, packEntries, readFrom, snapshotDue, trimCount, unpackEntries } from '../../server/store/trim.js';

describe('[BT] snapshot and trim arithmetic (server/store/trim.ts)', () => {
  it('[BT1] trims up to the previous snapshot, never past the head, never twice', () => {
    expect(trimCount(0, 0, 10)).toBe(0); // first snapshot: nothing behind a previous one
    expect(trimCount(0, 1000, 2500)).toBe(1000);
    expect(trimCount(1000, 2000, 3100)).toBe(1000);
    expect(trimCount(2000, 2000, 3100)).toBe(0); // already trimmed there
    expect(trimCount(2000, 1500, 3100)).toBe(0); // a previous snapshot behind the trimmed start
    expect(trimCount(0, 5000, 3000)).toBe(3000); // bounded by the head
  });

  it('[BT2] list indexes of global seqs after a trim', () => {
    expect(indexOfSeq(1, 0)).toBe(0);
    expect(indexOfSeq(1001, 1000)).toBe(0);
    expect(indexOfSeq(1000, 1000)).toBe(-1);
    expect(readFrom(0, 1000)).toBe(0);
    expect(readFrom(1500, 1000)).toBe(500);
    expect(readFrom(1000, 1000)).toBe(0);
  });

  it('[BT3] a snapshot is due every N events after the last one; 0 disables', () => {
    expect(snapshotDue(999, 0, 1000)).toBe(false);
    expect(snapshotDue(1000, 0, 1000)).toBe(true);
    expect(snapshotDue(2150, 1150, 1000)).toBe(true);
    expect(snapshotDue(2149, 1150, 1000)).toBe(false);
    expect(snapshotDue(5000, 0, 0)).toBe(false);
  });

  it('[BT4] archive chunks round-trip raw entries exactly', () => {
    const raw = ['{"seq":1,"x":"é"}', 'not json', ''];
    expect(unpackEntries(packEntries(raw))).toEqual(raw);
  });
});
