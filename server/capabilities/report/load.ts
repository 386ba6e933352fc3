import { readHistory, type Store } from '../../store/Store.js';
import { PLENARY_ID } from '../../../shared/domain/state.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import type { Report } from '../../../shared/report/schema.js';
import { buildReport } from './build.js';

/**
 * Reads everything the report is made of from the store (never from this instance's memory, which may lag
 * the log or miss ballots cast through another instance) and builds it.
 */
export async function loadReport(store: Store, sessionId: string): Promise<Report> {
  // The whole history: the archive (trimmed behind snapshots) and the log.
  const events = await readHistory(store, sessionId);
  if (events.length === 0 || events[0].type !== 'session:created') throw new DomainError('SESSION_NOT_FOUND');
  const pollIds = new Set<string>();
  const roomIds = new Set<string>([PLENARY_ID]);
  for (const e of events) {
    const d = e.data as { poll?: { id: string }; rooms?: { id: string }[]; room?: { id: string } };
    if (e.type === 'poll:opened' && d.poll) pollIds.add(d.poll.id);
    if (e.type === 'rooms:planned') for (const r of d.rooms ?? []) roomIds.add(r.id);
    if (e.type === 'rooms:updated' && d.room) roomIds.add(d.room.id);
  }
  const ballots: Record<string, string[]> = Object.create(null);
  const voters: Record<string, string[]> = Object.create(null);
  for (const id of [...pollIds].sort()) {
    const stored = await store.readBallots(sessionId, id);
    ballots[id] = [...stored.values()];
    voters[id] = [...stored.keys()];
  }
  const worksheets: Record<string, string[]> = Object.create(null);
  for (const id of [...roomIds].sort()) worksheets[id] = (await store.readWorksheet(sessionId, id)).updates;
  return buildReport({ sessionId, events, ballots, worksheets, voters });
}
