import type { Store } from '../../store/Store.js';
import { REACTIONS } from '../../../shared/protocol/commands/bridge.js';
import { sessionCounter } from '../../store/keys.js';

export const MINUTE = 60_000;
/** Distinct people tapping "can't hear" within a minute that raise the alert. */
export const CANT_HEAR_ALERT = 3;
/** Reactions per person per 10 s (more are refused, so one person cannot inflate the pulse). */
export const REACT_RATE = { max: 6, windowMs: 10_000 };

export interface Pulse {
  minuteStart: number;
  counts: Record<(typeof REACTIONS)[number], number>;
  cantHearPeople: number;
  alert: boolean;
}

/**
 * Counts a reaction in the store's per-minute windows (atomic in Redis, so every instance counts
 * into the same numbers) and returns the pulse of the current minute. Reactions are not logged.
 */
export async function countReaction(store: Store, sessionId: string, personId: string, reaction: (typeof REACTIONS)[number], now: number): Promise<Pulse> {
  await store.hit(sessionCounter(sessionId, 'react', reaction), MINUTE);
  if (reaction === 'cantHear') {
    // Distinct people: a person's first tap in this minute also counts them once.
    const mine = await store.hit(sessionCounter(sessionId, 'react', 'cantHear', personId), MINUTE);
    if (mine === 1) await store.hit(sessionCounter(sessionId, 'react', 'cantHearPeople'), MINUTE);
  }
  const counts = {} as Pulse['counts'];
  for (const r of REACTIONS) counts[r] = await store.hit(sessionCounter(sessionId, 'react', r), MINUTE, 0);
  const cantHearPeople = await store.hit(sessionCounter(sessionId, 'react', 'cantHearPeople'), MINUTE, 0);
  return { minuteStart: Math.floor(now / MINUTE) * MINUTE, counts, cantHearPeople, alert: cantHearPeople >= CANT_HEAR_ALERT };
}
