import { PollInputSchema, type PollInput } from '../../shared/domain/polls/schemas.js';
import { newId } from '../auth/ids.js';
import { decideCreateQuestionnaire } from '../capabilities/polls/decide.js';
import type { SessionHub } from '../sessions/SessionHub.js';

/** The demo day's questionnaires, as loaded from dialogue-day.json (entries are checked like a moderator's input). */
export function demoQuestionnaires(raw: Array<{ theme: string; polls: unknown[] }>): Array<{ title: string; polls: PollInput[] }> {
  return raw.map((q) => ({
    title: q.theme,
    polls: q.polls.map((p) => {
      const { kind, question, options, maxChoices, min, max, minLabel, maxLabel } = p as Record<string, unknown>;
      return PollInputSchema.parse(
        Object.fromEntries(Object.entries({ kind, question, options, maxChoices, min, max, minLabel, maxLabel }).filter(([, v]) => v !== undefined)),
      );
    }),
  }));
}

/** Adds the questionnaires to a session as drafts (moderators open them during the day). */
export async function loadDemoPolls(hub: SessionHub, sessionId: string, raw: Array<{ theme: string; polls: unknown[] }>): Promise<void> {
  for (const q of demoQuestionnaires(raw)) {
    const pollIds = q.polls.map(() => newId('poll'));
    await hub.execute(sessionId, null, (s) => decideCreateQuestionnaire(s, newId('qn'), q.title, pollIds, q.polls));
  }
}
