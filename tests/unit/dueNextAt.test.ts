import { describe, expect, it } from 'vitest';
import { hasDueTimer, nextDueAt } from '../../server/capabilities/dueLoop.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';

/**
 * Each due task says, purely from the state, when it will act (`nextAt`); a room's one timer is armed for the
 * earliest (issue 20, one room per session). Built on an empty state with only the fields the tasks read.
 */
type Loose = Record<string, unknown>;
function state(edit: (s: SessionState & Loose) => void): SessionState {
  const s = emptySessionState('s') as SessionState & Loose;
  edit(s);
  return s;
}

describe('[DN] the due tasks\' nextAt', () => {
  it('[DN1] a state with nothing due has no time, and no due timer', () => {
    const s = state(() => {});
    expect(nextDueAt(s)).toBeNull();
    expect(hasDueTimer(s)).toBe(false);
  });

  it('[DN2] each kind of deadline gives its time', () => {
    expect(nextDueAt(state((s) => { s.roomsRun.pendingMove = { at: 500 } as never; }))).toBe(500);
    const breakout = state((s) => { s.roomsRun.open = true; s.roomsRun.breakoutEndsAt = 700; });
    expect(nextDueAt(breakout)).toBe(700);
    // A move already announced takes the breakout timer's place (breakoutTimerUp): only the move counts.
    expect(nextDueAt(state((s) => { s.roomsRun.open = true; s.roomsRun.breakoutEndsAt = 700; s.roomsRun.pendingMove = { at: 900 } as never; }))).toBe(900);
    expect(nextDueAt(state((s) => { (s.polls as Loose).p = { status: 'open', deadline: 300 }; }))).toBe(300);
    expect(nextDueAt(state((s) => { (s.polls as Loose).p = { status: 'closed', deadline: 300 }; }))).toBeNull();
    expect(nextDueAt(state((s) => { (s.polls as Loose).p = { status: 'open', deadline: null }; }))).toBeNull();
    const turn = state((s) => {
      s.queueSettings = { alternate: false, autoEndGraceSeconds: 5 };
      (s.queues as Loose).plenary = { current: { entryId: 'e', endsAt: 1_000 } };
    });
    expect(nextDueAt(turn)).toBe(6_000);
    const projected = state((s) => { s.bridge.projected = { id: 'h', expiresAt: 400 } as never; });
    expect(nextDueAt(projected)).toBe(400);
    expect(nextDueAt(state((s) => { s.bridge.projected = { id: 'h', expiresAt: null } as never; }))).toBeNull();
    for (const s of [breakout, turn, projected]) expect(hasDueTimer(s)).toBe(true);
  });

  it('[DN3] the earliest deadline wins', () => {
    const s = state((x) => {
      (x.polls as Loose).a = { status: 'open', deadline: 3_000 };
      (x.polls as Loose).b = { status: 'open', deadline: 2_000 };
      x.roomsRun.pendingMove = { at: 2_500 } as never;
      x.bridge.projected = { id: 'h', expiresAt: 4_000 } as never;
    });
    expect(nextDueAt(s)).toBe(2_000);
  });
});
