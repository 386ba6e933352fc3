import type { Logger } from 'pino';
import { applyEvent, type ApplyProblem } from '../../shared/domain/apply.js';
import type { NewEvent, StoredEvent } from '../../shared/domain/eventTypes.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';
import { DomainError } from '../../shared/protocol/errors.js';
import type { Store } from '../store/Store.js';
import { firstInvalidEvent } from './eventCheck.js';

/** How many recent events each instance keeps per session to replay to reconnecting clients. */
export const RECENT_EVENTS = 5000;

export interface LoadedState {
  state: SessionState;
  recent: StoredEvent[];
  snapshotSeq: number;
}

/**
 * The session's state from its newest snapshot plus the log after it (or the whole log when it has no snapshot
 * yet): the same state a full replay gives, since a snapshot is the JSON of the state a replay built.
 * Null when the session does not exist.
 */
export async function loadSessionState(store: Store, log: Logger, sessionId: string): Promise<LoadedState | null> {
  for (let attempt = 0; ; attempt++) {
    const snap = await store.readSnapshot(sessionId);
    const base = snap ? (JSON.parse(snap.state) as SessionState) : emptySessionState(sessionId);
    // The whole kept log (at most about two snapshot intervals): the events before the snapshot are not applied
    // but kept in `recent`, so syncs of clients a little behind, retried commands and "last activity" still
    // find them after a load.
    const events = await store.readLog(sessionId, 0);
    // A trim between the two reads (another instance's snapshot): read again, the newer snapshot covers it.
    if (events.length && events[0].seq > base.seq + 1 && attempt < 3) continue;
    if (!snap && events.length === 0) return null;
    for (const e of events) if (e.seq > base.seq) applyEvent(base, e, (p) => reportApplyProblem(log, sessionId, p));
    return { state: base, recent: events.slice(-RECENT_EVENTS), snapshotSeq: snap?.seq ?? 0 };
  }
}

/** Refuses (INTERNAL, logged) a decision holding an event that does not fit its schema: it is never stored. */
export function assertValidEvents(log: Logger, sessionId: string, events: NewEvent[]): void {
  const fault = firstInvalidEvent(events);
  if (!fault) return;
  log.error({ sessionId, ...fault }, 'decided event fails its schema; command refused, nothing stored');
  throw new DomainError('INTERNAL', 'the command produced an invalid event; nothing was recorded');
}

/** A logged event that changed nothing but the sequence number (see applyEvent): say so in the log. */
export function reportApplyProblem(log: Logger, sessionId: string, p: ApplyProblem): void {
  const at = { sessionId, seq: p.event.seq, type: String(p.event.type).slice(0, 60) };
  if (p.kind === 'failed') log.error({ ...at, err: p.error }, 'logged event failed to apply; skipped and listed for the moderators');
  else log.warn(at, 'logged event of an unknown type; skipped');
}
