import { EVENT_SCHEMAS } from '../../shared/domain/events.js';
import type { NewEvent } from '../../shared/domain/eventTypes.js';
import { isPrototypeName, own } from '../../shared/domain/keyed.js';

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
    const hostile = prototypeNamedKey(e.data, []);
    if (hostile) return { index, type: e.type, problem: `${hostile}: names an Object.prototype member` };
  }
  return null;
}

/**
 * The path of the first object key, or the first `id`/`…Id` string value, that is the name of an Object.prototype
 * member, or null. The log schemas type ids as plain strings; this keeps such names out of the log whatever the
 * schema says (the protocol's Id refuses them at the door; this catches a decision that let one through).
 */
function prototypeNamedKey(value: unknown, path: string[]): string | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = prototypeNamedKey(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    const at = [...path, key];
    if (isPrototypeName(key)) return at.join('.');
    if ((key === 'id' || key.endsWith('Id')) && typeof v === 'string' && isPrototypeName(v)) return at.join('.');
    const found = prototypeNamedKey(v, at);
    if (found) return found;
  }
  return null;
}
