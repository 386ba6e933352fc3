import { EVENT_SCHEMAS } from '../../shared/domain/events.js';
import type { NewEvent } from '../../shared/domain/eventTypes.js';
import { own } from '../../shared/domain/keyed.js';

export interface EventFault {
  index: number;
  type: string;
  problem: string;
}

/**
 * The first event of a decision that does not fit its log schema (`shared/domain/<capability>/events.ts`), or null.
 * Checked before anything is appended: the log is replayed on every load and by every phone, so an event that
 * would not apply must never be stored (a decide function's bug becomes one refused command, not a broken session).
 */
export function firstInvalidEvent(events: readonly NewEvent[]): EventFault | null {
  for (let index = 0; index < events.length; index++) {
    const e = events[index];
    const schema = own(EVENT_SCHEMAS as Record<string, (typeof EVENT_SCHEMAS)[keyof typeof EVENT_SCHEMAS]>, e.type);
    if (!schema) return { index, type: String(e.type), problem: 'unknown event type' };
    const res = schema.safeParse(e.data);
    if (!res.success) {
      const issue = res.error.issues[0];
      return { index, type: e.type, problem: `${issue?.path.join('.') || '(data)'}: ${issue?.message ?? 'invalid'}` };
    }
  }
  return null;
}
