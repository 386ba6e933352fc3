import * as Y from 'yjs';
import { DEFAULT_WORKSHEET_SECTIONS } from '../../../shared/domain/worksheet/sections.js';

/** The default sections' ids, listed first in their order. */
const WORKSHEET_SECTIONS: readonly string[] = DEFAULT_WORKSHEET_SECTIONS.map((s) => s.id);
import { fromBase64, toBase64 } from '../worksheet/yjsUpdates.js';

/** The plenary worksheet's section that collects the recommendations. */
export const RECOMMENDATIONS_SECTION = 'recommendations';

/** A document with the stored updates applied (an update that does not decode is passed over, as in the report). */
export function docOf(updates: string[]): Y.Doc {
  const doc = new Y.Doc();
  for (const u of updates) {
    try {
      Y.applyUpdate(doc, fromBase64(u));
    } catch {
      // Stored updates were checked on the way in; a damaged one must not hide the rest of the sheet.
    }
  }
  return doc;
}

/**
 * The text of every section of a sheet, rendered on the server from its stored Yjs updates: the fixed sections
 * first (in their order), then any other section the session defined (in the order the document met them).
 */
export function sheetSections(updates: string[]): Array<{ key: string; text: string }> {
  const doc = docOf(updates);
  try {
    const keys = [...WORKSHEET_SECTIONS.filter((k) => doc.share.has(k)), ...[...doc.share.keys()].filter((k) => !WORKSHEET_SECTIONS.includes(k))];
    return keys.map((key) => ({ key, text: doc.getText(key).toString() }));
  } finally {
    doc.destroy();
  }
}

/** A section's paragraphs: its non-empty lines, trimmed, without a leading bullet. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/^[-•*·]\s*/, '').trim())
    .filter((l) => l.length > 0);
}

/**
 * The Yjs update that appends `line` as a new paragraph at the end of a section of the document made of
 * `updates`: only the change (the diff against the document's state vector), like a person's typing.
 */
export function appendLineUpdate(updates: string[], section: string, line: string): string {
  const doc = docOf(updates);
  try {
    const before = Y.encodeStateVector(doc);
    const text = doc.getText(section);
    const current = text.toString();
    text.insert(current.length, (current.length && !current.endsWith('\n') ? '\n' : '') + line + '\n');
    return toBase64(Y.encodeStateAsUpdate(doc, before));
  } finally {
    doc.destroy();
  }
}
