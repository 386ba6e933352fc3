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
  applier?.(state, event.data, { seq: event.seq, at: event.at, by: event.by });
  state.seq = event.seq;
  return true;
}
