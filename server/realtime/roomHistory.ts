import type { StoredEvent } from '../../shared/domain/eventTypes.js';

/**
 * Per loaded session on this instance: the seq of the last room-scoped event of each room, so that a socket
 * whose view widens into a room is told to take a fresh snapshot only when that room said something it could
 * not see (issue 20: opening breakouts into fresh rooms, or recalling them to a plenary that stayed quiet,
 * costs no `session:sync` per phone). Events older than the runtime's recent window are unknown: every room
 * that existed when the history was built is then assumed to have spoken just before the window (a snapshot,
 * as before this change); rooms made later are followed from their first event.
 */
export class RoomHistory {
  private last = new Map<string, number>();

  constructor(
    private readonly floor: number,
    private readonly known: ReadonlySet<string>,
  ) {}

  static from(recent: StoredEvent[], upTo: number, roomsNow: Iterable<string>): RoomHistory {
    const first = recent[0]?.seq ?? upTo + 1;
    const h = new RoomHistory(first > 1 ? first - 1 : 0, new Set(roomsNow));
    for (const e of recent) if (e.seq <= upTo) h.record(e);
    return h;
  }

  record(e: StoredEvent): void {
    const a = e.audience;
    if (a.all || !a.rooms) return;
    for (const r of a.rooms) this.last.set(r, e.seq);
  }

  /** The seq of the room's last room-scoped event (or the unknown floor). */
  lastOf(roomId: string): number {
    return this.last.get(roomId) ?? (this.known.has(roomId) ? this.floor : 0);
  }
}
