import * as Y from 'yjs';

export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
export const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));

/** True when the bytes decode as a Yjs update (applied to a scratch doc, which is then dropped). */
export function isValidUpdate(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return false;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, bytes);
    return true;
  } catch {
    return false;
  } finally {
    doc.destroy();
  }
}

/** The merge of stored updates (base64) into one (base64); an empty list gives the empty document's update. */
export function mergeStored(updates: string[]): string {
  if (updates.length === 0) return toBase64(Y.encodeStateAsUpdate(new Y.Doc()));
  if (updates.length === 1) return updates[0];
  return toBase64(Y.mergeUpdates(updates.map(fromBase64)));
}

/**
 * The stored updates applied to a fresh garbage-collected document and encoded again (base64). Unlike
 * `Y.mergeUpdates`, which keeps every deleted character (a merge cannot know it is safe to drop), the collected
 * document keeps only tombstone ranges of what was deleted: the deleted text itself is gone.
 */
export function compactStored(updates: string[]): string {
  const doc = new Y.Doc({ gc: true });
  try {
    doc.transact(() => {
      for (const u of updates) Y.applyUpdate(doc, fromBase64(u));
    });
    return toBase64(Y.encodeStateAsUpdate(doc));
  } finally {
    doc.destroy();
  }
}

/**
 * y-protocols sync step 2 from stored updates: what a peer whose state vector is `stateVector` misses, and the
 * server's own state vector (so the peer can send what the server misses). Read through a collected document,
 * like compaction: faster than merging updates (about five times on 2 000 keystrokes, docs/performance.md)
 * and deleted text is never sent. Throws on a state vector that does not decode.
 */
export function syncStep2(updates: string[], stateVector: string | undefined): { update: string; stateVector: string } {
  const doc = new Y.Doc({ gc: true });
  try {
    doc.transact(() => {
      for (const u of updates) Y.applyUpdate(doc, fromBase64(u));
    });
    const diff = stateVector ? Y.encodeStateAsUpdate(doc, fromBase64(stateVector)) : Y.encodeStateAsUpdate(doc);
    return { update: toBase64(diff), stateVector: toBase64(Y.encodeStateVector(doc)) };
  } finally {
    doc.destroy();
  }
}
