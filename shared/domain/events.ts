import { z } from 'zod';
import type { NewEvent } from './eventTypes.js';
import { sessionEvents } from './session/events.js';
import { peopleEvents } from './people/events.js';
import { roomsEvents } from './rooms/events.js';
import { agendaEvents } from './agenda/events.js';
import { chatEvents } from './chat/events.js';
import { bridgeEvents } from './bridge/events.js';
import { helpEvents } from './help/events.js';
import { pollEvents } from './polls/events.js';
import { queueEvents } from './queue/events.js';
import { accessEvents } from './access/events.js';
import { worksheetLockEvents } from './worksheet/lockEvents.js';
import { profileEvents } from './profile/events.js';
import { reportEvents } from './report/events.js';
import { plenaryEvents } from './plenary/events.js';
import type { Audience } from './audience.js';

/**
 * Every event type of the session log, composed from each capability's own file.
 * A capability adds its map here and its appliers in apply.ts.
 */
export const EVENT_SCHEMAS = {
  ...sessionEvents,
  ...peopleEvents,
  ...roomsEvents,
  ...agendaEvents,
  ...chatEvents,
  ...bridgeEvents,
  ...helpEvents,
  ...pollEvents,
  ...queueEvents,
  ...accessEvents,
  ...worksheetLockEvents,
  ...profileEvents,
  ...reportEvents,
  ...plenaryEvents,
};

export type EventType = keyof typeof EVENT_SCHEMAS;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[T]>;

/** Typed constructor used by decide functions, so that a wrong payload is a compile error. */
export function ev<T extends EventType>(type: T, data: EventData<T>, audience: Audience): NewEvent<T, EventData<T>> {
  return { type, data, audience };
}
