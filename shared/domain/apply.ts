import type { Appliers, EventMeta, WireEvent } from './eventTypes.js';
import type { EVENT_SCHEMAS, EventType } from './events.js';
import type { SessionState } from './state.js';
import { own } from './keyed.js';
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
import { worksheetLockAppliers } from './worksheet/lockApply.js';
import { profileAppliers } from './profile/apply.js';
import { reportAppliers } from './report/apply.js';
import { plenaryAppliers } from './plenary/apply.js';

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
  ...worksheetLockAppliers,
  ...profileAppliers,
  ...reportAppliers,
  ...plenaryAppliers,
};

/** The type a store gives a log entry it cannot read (not JSON, or not at its position). */
export const UNREADABLE_EVENT = 'log:unreadable';

/** Why a logged event changed nothing but the sequence number. */
export interface ApplyProblem {
  event: WireEvent;
  /** `unknown-type`: written by a newer server (or corrupted); `failed`: its applier threw `error`. */
  kind: 'unknown-type' | 'failed';
  error?: unknown;
}

/**
 * Applies one logged event to a session state, on the server and on the client alike.
 * Deterministic and free of I/O; mutates `state` in place so that a long day's log replays in O(events).
 * Events at or below the state's sequence number are ignored (a replay never applies twice).
 *
 * One event never stops a session from loading (the log is replayed on every load and by every phone): an
 * event of an unknown type is skipped, and an event whose applier throws is skipped and listed in
 * `state.damaged` for the moderators. Either way the sequence number moves on and `true` is returned (the
 * event was consumed). Appliers read and check everything before their first write, so a throw leaves the
 * state as it was; and since every replica runs the same appliers on the same events, they all skip alike.
 */
export function applyEvent(state: SessionState, event: WireEvent, onProblem?: (problem: ApplyProblem) => void): boolean {
  // A stored entry that is no event at all (null, no sequence number) is passed over like an old one.
  if (!event || typeof event !== 'object' || typeof event.seq !== 'number' || event.seq <= state.seq) return false;
  // An own-property lookup: an event type such as "__proto__" or "constructor" is no applier.
  const applier = own(APPLIERS as Record<string, unknown>, event.type) as
    | ((s: SessionState, d: unknown, m: EventMeta) => void)
    | undefined;
  if (!applier) {
    // An unknown type comes from a newer server (or a damaged log): skip its effect but keep the sequence moving.
    // A stored entry the store could not read at all is damage the moderators must hear of.
    if (event.type === UNREADABLE_EVENT) (state.damaged ??= []).push({ seq: event.seq, type: UNREADABLE_EVENT });
    onProblem?.({ event, kind: 'unknown-type' });
  } else {
    try {
      // The applier gets its own copy of the data: appliers keep parts of it in the state (a person, a poll)
      // and later events mutate those in place, which must never reach back into the event kept for replay.
      applier(state, copyData(event.data), { seq: event.seq, at: event.at, by: event.by });
    } catch (error) {
      // A state from an older snapshot may lack the list.
      (state.damaged ??= []).push({ seq: event.seq, type: String(event.type).slice(0, 60) });
      onProblem?.({ event, kind: 'failed', error });
    }
  }
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
