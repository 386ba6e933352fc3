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
