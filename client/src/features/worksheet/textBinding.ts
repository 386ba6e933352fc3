import type * as Y from 'yjs';

/** The smallest single edit turning `before` into `after`: common prefix and suffix kept. */
export function diffText(before: string, after: string): { index: number; remove: number; insert: string } {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  // The suffix may not overlap the prefix (e.g. "aa" -> "aaa").
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { index: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}

/**
 * Applies what a textarea now shows to its Y.Text as one minimal edit (never "replace all", which would
 * erase what someone else typed meanwhile). Returns false when nothing changed.
 */
export function applyLocalValue(text: Y.Text, value: string, origin: unknown): boolean {
  const d = diffText(text.toString(), value);
  if (d.remove === 0 && d.insert === '') return false;
  text.doc!.transact(() => {
    if (d.remove > 0) text.delete(d.index, d.remove);
    if (d.insert) text.insert(d.index, d.insert);
  }, origin);
  return true;
}

export type TextDelta = Array<{ insert?: unknown; delete?: number; retain?: number }>;

/**
 * Where a caret at `pos` goes after a remote change (a Y.Text event's delta, in positions of the text
 * before the change): text inserted before it pushes it right, text deleted before it pulls it left; text
 * inserted exactly at the caret goes after it, so the caret never jumps while you type.
 */
export function mapCaret(pos: number, delta: TextDelta): number {
  let old = 0; // position in the text before the change
  let out = pos;
  for (const op of delta) {
    if (old >= pos) break;
    if (op.retain !== undefined) old += op.retain;
    else if (op.insert !== undefined) out += typeof op.insert === 'string' ? op.insert.length : 1;
    else if (op.delete !== undefined) {
      out -= Math.min(op.delete, pos - old);
      old += op.delete;
    }
  }
  return Math.max(0, out);
}
