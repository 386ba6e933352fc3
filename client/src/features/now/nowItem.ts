import type { SessionState } from '../../../../shared/domain/state.js';
import { own, ownEach } from '../../../../shared/domain/keyed.js';
import { PLENARY_ID } from '../../../../shared/domain/state.js';
import type { Poll } from '../../../../shared/domain/polls/schemas.js';

/**
 * The one thing a person should do now, in this order: speak (they have the floor), move (a breakout opens or
 * the recall counts down), answer (an open questionnaire or poll for their room), else follow the running part.
 * Pure: the same state gives the same item on every render, and `key` changes exactly when the thing to do
 * changes (that is when the card is brought into view and announced).
 */
export type NowItem =
  | { kind: 'floor'; key: string; endsAt: number | null }
  | { kind: 'move'; key: string; move: 'open' | 'recall'; at: number; roomName: string | null }
  | { kind: 'polls'; key: string; pollIds: string[]; questionnaireIds: string[] }
  | { kind: 'part'; key: string };

/** Mirrors the server's target rule (server/capabilities/polls/rules.ts checkVoterTarget). */
export function pollTargetsRoom(state: SessionState, poll: Poll, roomId: string): boolean {
  const t = poll.target;
  if (t.kind === 'plenary') return roomId === PLENARY_ID;
  if (t.kind === 'room') return roomId === t.roomId;
  return own(state.rooms, roomId)?.kind === 'breakout';
}

export function nowItem(state: SessionState, personId: string | null): NowItem {
  const me = personId ? own(state.people, personId) : undefined;
  const partKey = `part:${state.agendaRun.currentId ?? '-'}`;
  if (!me) return { kind: 'part', key: partKey };
  const current = own(state.queues, me.roomId)?.current;
  if (current && current.personId === me.id) return { kind: 'floor', key: `floor:${current.entryId}`, endsAt: current.endsAt };
  const move = state.roomsRun.pendingMove;
  if (move) {
    // Opening: the group this person goes to (none: they stay in the plenary). Recall: the plenary.
    const groupId = move.kind === 'open' ? own(state.roomsRun.groupOf, me.id) : undefined;
    const room = groupId ? own(state.rooms, groupId) : undefined;
    return { kind: 'move', key: `move:${move.id}`, move: move.kind, at: move.at, roomName: room?.name ?? null };
  }
  if (me.role === 'participant' || me.role === 'facilitator') {
    const questionnaireIds = ownEach(state.questionnaires, state.questionnaireOrder)
      .filter((q) => q.status === 'open' && ownEach(state.polls, q.pollIds).some((p) => p.status === 'open' && pollTargetsRoom(state, p, me.roomId)))
      .map((q) => q.id);
    const pollIds = ownEach(state.polls, state.pollOrder)
      .filter((p) => p.status === 'open' && pollTargetsRoom(state, p, me.roomId) && !(p.questionnaireId && own(state.questionnaires, p.questionnaireId)?.status === 'open'))
      .map((p) => p.id);
    if (pollIds.length || questionnaireIds.length) return { kind: 'polls', key: `polls:${[...questionnaireIds, ...pollIds].join(',')}`, pollIds, questionnaireIds };
  }
  return { kind: 'part', key: partKey };
}
