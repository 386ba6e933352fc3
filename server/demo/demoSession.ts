import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SessionService, CreatedSession } from '../sessions/sessionService.js';
import { loadDemoPolls } from './demoPolls.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The demo dialogue day (themes, agenda, questionnaires) shipped with the server. */
export function loadDemoDay(): {
  title: string;
  languages: string[];
  agenda: Array<{ title: string; minutes: number; room: 'plenary' | 'breakouts' }>;
  worksheet?: { sections: string[] };
  questionnaires?: Array<{ theme: string; polls: unknown[] }>;
} {
  return JSON.parse(readFileSync(path.join(HERE, 'dialogue-day.json'), 'utf8'));
}

export async function createDemoSession(sessions: SessionService): Promise<CreatedSession> {
  const day = loadDemoDay();
  const created = await sessions.create({ title: day.title, languages: day.languages, agenda: day.agenda, moderatorNames: { onsite: 'Amira (onsite)', online: 'Lukas (online)' } });
  await loadDemoPolls(sessions.hub, created.sessionId, day.questionnaires ?? []);
  return created;
}
