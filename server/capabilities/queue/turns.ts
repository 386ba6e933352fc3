import { ev } from '../../../shared/domain/events.js';
import { EVERYONE } from '../../../shared/domain/audience.js';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import type { SessionState } from '../../../shared/domain/state.js';
import type { Viewer } from '../../../shared/domain/audience.js';
import type { Speaker } from '../../../shared/domain/queue/schemas.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { inRoom, queueSettingsOf } from '../../../shared/domain/queue/order.js';
import { notYetSpoken } from '../../../shared/domain/queue/fairness.js';
import { own } from '../../../shared/domain/keyed.js';
import { assertSteers, findOwnEntry, queueAudience } from './decide.js';

/**
 * The end of a turn, self-describing (who, room, modality, start; the end is the event's `at`, or `endedAt` for
 * an automatic end): the session report reads speaking turns from the log alone.
 */
export function turnEndedEvent(roomId: string, cur: Speaker, reason: 'ended' | 'next' | 'auto', endedAt?: number): NewEvent {
  return ev(
    'queue:turnEnded',
    {
      roomId,
      entryId: cur.entryId,
      personId: cur.personId,
      name: cur.name,
      modality: cur.modality,
      startedAt: cur.startedAt,
      reason,
      ...(endedAt === undefined ? {} : { endedAt, durationMs: Math.max(0, endedAt - cur.startedAt) }),
    },
    queueAudience(roomId),
  );
}

/** The floor must still be what the sender saw: two moderators giving it at once get one speaker, one CONFLICT. */
export function assertFloorAsSeen(state: SessionState, roomId: string, expected: string | null | undefined): void {
  if (expected === undefined) return;
  const now = own(state.queues, roomId)?.current?.entryId ?? null;
  if (now !== expected) throw new DomainError('CONFLICT', 'the floor changed meanwhile (another moderator gave it or ended the turn)');
}

export function decideInvite(state: SessionState, viewer: Viewer, roomId: string, personId: string, entryId: string): NewEvent[] {
  assertSteers(state, viewer, roomId);
  const p = own(state.people, personId);
  if (!p) throw new DomainError('NOT_FOUND', 'no such person');
  if (findOwnEntry(state, roomId, personId)) return [];
  if (!inRoom(state, personId, roomId)) throw new DomainError('CONFLICT', 'the person is not in this room');
  if (!notYetSpoken(state, roomId).some((x) => x.id === personId)) throw new DomainError('CONFLICT', 'the person already spoke here or cannot speak');
  return [
    ev('queue:raised', { roomId, entryId, personId, name: p.name, modality: p.modality, addedBy: viewer.personId, invited: true }, queueAudience(roomId)),
  ];
}

/** More time: from the current deadline, or from now when it already ran out (or the turn had none). */
export function decideExtend(state: SessionState, viewer: Viewer, roomId: string, entryId: string, seconds: number, now: number): NewEvent[] {
  assertSteers(state, viewer, roomId);
  const cur = own(state.queues, roomId)?.current;
  if (!cur || cur.entryId !== entryId) throw new DomainError('CONFLICT', 'this turn is no longer the current one');
  const endsAt = Math.max(cur.endsAt ?? now, now) + seconds * 1000;
  return [ev('queue:turnExtended', { roomId, entryId, seconds, endsAt }, queueAudience(roomId))];
}

export function decideSettings(state: SessionState, patch: { alternate?: boolean; autoEndGraceSeconds?: number | null }): NewEvent[] {
  const cur = queueSettingsOf(state);
  const next = { alternate: patch.alternate ?? cur.alternate, autoEndGraceSeconds: patch.autoEndGraceSeconds === undefined ? cur.autoEndGraceSeconds : patch.autoEndGraceSeconds };
  if (next.alternate === cur.alternate && next.autoEndGraceSeconds === cur.autoEndGraceSeconds) return [];
  // Everyone: each screen computes the queue order, and alternation changes it.
  return [ev('queue:settingsChanged', next, EVERYONE)];
}

/** When a room's turn ends by itself (deadline + grace), or null: no deadline, auto-end off. */
export function autoEndAt(state: SessionState, roomId: string): number | null {
  const grace = queueSettingsOf(state).autoEndGraceSeconds;
  const cur = own(state.queues, roomId)?.current;
  if (grace === null || !cur || cur.endsAt === null) return null;
  return cur.endsAt + grace * 1000;
}

/**
 * The due loop's decision: end the turn that ran past its deadline and grace. The turn's end is that moment, not
 * whenever an instance got there, so its duration is exactly limit + grace. Idempotent: nothing once it ended.
 */
export function decideAutoEnd(state: SessionState, roomId: string, entryId: string, now: number): NewEvent[] {
  const cur = own(state.queues, roomId)?.current;
  const at = autoEndAt(state, roomId);
  if (!cur || cur.entryId !== entryId || at === null || at > now) return [];
  return [turnEndedEvent(roomId, cur, 'auto', at)];
}
