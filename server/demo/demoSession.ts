import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SessionService, CreatedSession } from '../sessions/sessionService.js';
import { readDataFile, writeDataFile } from '../embedded/dataFiles.js';
import { loadDemoPolls } from './demoPolls.js';
import type { WorksheetSection } from '../../shared/domain/schemas.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The demo dialogue day (themes, agenda, questionnaires) shipped with the server. */
export function loadDemoDay(): {
  title: string;
  languages: string[];
  agenda: Array<{ title: string; minutes: number; room: 'plenary' | 'breakouts'; sections?: WorksheetSection[] }>;
  /** The worksheets' default sections (group questions); a part may ask its own. */
  worksheetSections?: WorksheetSection[];
  questionnaires?: Array<{ theme: string; polls: unknown[] }>;
} {
  return JSON.parse(readFileSync(path.join(HERE, 'dialogue-day.json'), 'utf8'));
}

export async function createDemoSession(sessions: SessionService): Promise<CreatedSession> {
  const day = loadDemoDay();
  const created = await sessions.create({ title: day.title, languages: day.languages, agenda: day.agenda, worksheetSections: day.worksheetSections, moderatorNames: { onsite: 'Amira (onsite)', online: 'Lukas (online)' } });
  await loadDemoPolls(sessions.hub, created.sessionId, day.questionnaires ?? []);
  return created;
}

const DEMO_FILE = 'demo-session.json';

/**
 * The demo session, created once per data directory: on the embedded default a restart finds the one it
 * created before (its id is kept in DATA_DIR/demo-session.json) and prints its links again, with tokens
 * signed anew for the same moderators. Without a data directory (Redis), a new one is created at each start.
 */
export async function ensureDemoSession(sessions: SessionService, dataDir: string | null): Promise<CreatedSession & { reused: boolean }> {
  if (dataDir) {
    const marker = (await readDataFile(dataDir, DEMO_FILE)) as { sessionId?: unknown } | null;
    const rt = typeof marker?.sessionId === 'string' ? await sessions.hub.get(marker.sessionId) : null;
    if (rt) return { ...sessions.linksForExisting(rt.id, rt.state), reused: true };
  }
  const created = await createDemoSession(sessions);
  if (dataDir) await writeDataFile(dataDir, DEMO_FILE, { sessionId: created.sessionId });
  return { ...created, reused: false };
}
