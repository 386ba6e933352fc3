import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * Snapshot and trim arithmetic, shared by every store (issue 20, Bounded). The log of a session keeps global
 * sequence numbers: after `offset` events were trimmed from its head, the entry at list index i has seq
 * offset + i + 1, and the head (last seq) is offset + length.
 *
 * Only one snapshot is kept, the newest. The log is trimmed behind the *previous* snapshot, never behind the
 * newest: a margin of at least one snapshot interval stays in the log, so an instance a little behind (a lost
 * relay, a slow catch-up) still catches up from the log instead of reloading. Trimmed entries move, packed, to
 * the session's archive, which only the report reads (it needs the whole history: timeline, speaking times).
 */

/** Command ids (and so duplicate detection of a retried command) are remembered this long after their append. */
export const COMMAND_ID_TTL_MS = 24 * 60 * 60 * 1000;

/** How many entries to remove from the head of the log when a snapshot replaces `previousSnapshotSeq`. */
export function trimCount(offset: number, previousSnapshotSeq: number, head: number): number {
  // Never past the head, never negative (a previous snapshot already behind the trimmed start).
  return Math.max(0, Math.min(previousSnapshotSeq, head) - offset);
}

/** The list index of `seq`, or -1 when it was trimmed (or is no seq). */
export function indexOfSeq(seq: number, offset: number): number {
  return seq > offset ? seq - offset - 1 : -1;
}

/** The list index to read from for `readLog(afterSeq)`: events before the trimmed start are no longer there. */
export function readFrom(afterSeq: number, offset: number): number {
  return Math.max(0, afterSeq - offset);
}

/** Whether a snapshot at `seq` is due: every `every` events after the last one persisted. */
export function snapshotDue(seq: number, lastSnapshotSeq: number, every: number): boolean {
  return every > 0 && seq - lastSnapshotSeq >= every;
}

/** Packs raw log entries (JSON strings) into one archive chunk. */
export function packEntries(raw: string[]): string {
  return gzipSync(Buffer.from(JSON.stringify(raw))).toString('base64');
}

/** The raw entries of one archive chunk. */
export function unpackEntries(chunk: string): string[] {
  return JSON.parse(gunzipSync(Buffer.from(chunk, 'base64')).toString()) as string[];
}
