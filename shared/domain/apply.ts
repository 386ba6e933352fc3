import type { Appliers, EventMeta, WireEvent } from './eventTypes.js';
import type { EVENT_SCHEMAS, EventType } from './events.js';
import type { SessionState } from './state.js';
import { sessionAppliers } from './session/apply.js';
import { peopleAppliers } from './people/apply.js';
import { roomsAppliers } from './rooms/apply.js';
import { agendaAppliers } from './agenda/apply.js';
import { chatAppliers } from './chat/apply.js';
import { bridgeAppliers } from './bridge/apply.js';
import { helpAppliers } from './help/apply.js';
import { pollAppliers } from './polls/apply.js';
import { queueAppliers } from './queue/apply.js';
import { accessAppliers } from './access/apply.js';

const APPLIERS: Appliers<typeof EVENT_SCHEMAS> = {
  ...sessionAppliers,
  ...peopleAppliers,
  ...roomsAppliers,
  ...agendaAppliers,
  ...chatAppliers,
  ...bridgeAppliers,
  ...helpAppliers,
  ...pollAppliers,
  ...queueAppliers,
  ...accessAppliers,
};

/**
 * Applies one logged event to a session state, on the server and on the client alike.
 * Deterministic and free of I/O; mutates `state` in place so that a long day's log replays in O(events).
 * Events at or below the state's sequence number are ignored (a replay never applies twice).
 */
export function applyEvent(state: SessionState, event: WireEvent): boolean {
  if (event.seq <= state.seq) return false;
  const applier = APPLIERS[event.type as EventType] as
    | ((s: SessionState, d: unknown, m: EventMeta) => void)
    | undefined;
  // An unknown type comes from a newer server: skip its effect but keep the sequence moving.
  // The applier gets its own copy of the data: appliers keep parts of it in the state (a person, a poll)
  // and later events mutate those in place, which must never reach back into the event kept for replay.
  applier?.(state, copyData(event.data), { seq: event.seq, at: event.at, by: event.by });
  state.seq = event.seq;
  return true;
}

/**
 * A deep copy of event data (JSON values: the log stores JSON). Hand-written rather than structuredClone,
 * which is several times slower on the small objects events carry and replays of a long day add up.
 */
export function copyData<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyData) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = copyData((value as Record<string, unknown>)[key]);
    // A "__proto__" key (JSON.parse makes it an own property) must stay data, not become the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out as T;
}
