import type * as Y from 'yjs';
import type { SessionState, WorksheetSection } from '../../../../shared/domain/state.js';
import { allSections, currentSections } from '../../../../shared/domain/worksheet/sections.js';

/** A section's Y.Text, or null when a (hostile) update made that name another type: the sheet still shows. */
export function sectionText(doc: Y.Doc, id: string): Y.Text | null {
  try {
    return doc.getText(id);
  } catch {
    return null;
  }
}

/**
 * The sections a sheet shows: what the running part asks (or the session's default), then every other
 * section of the document that already holds text (an earlier part's question): nothing typed disappears
 * from view when the agenda moves on.
 */
export function sectionsToShow(state: SessionState, doc: Y.Doc): WorksheetSection[] {
  const out = [...currentSections(state)];
  const known = allSections(state);
  for (const name of [...doc.share.keys()].sort()) {
    if (out.some((s) => s.id === name)) continue;
    if (!sectionText(doc, name)?.toString().trim()) continue;
    out.push(known.find((s) => s.id === name) ?? { id: name, title: name });
  }
  return out;
}
