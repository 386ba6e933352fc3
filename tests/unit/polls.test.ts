import { describe, expect, it } from 'vitest';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';
import { applyEvent } from '../../shared/domain/apply.js';
import type { NewEvent } from '../../shared/domain/eventTypes.js';
import { PollInputSchema, type Poll, type StoredBallot } from '../../shared/domain/polls/schemas.js';
import { answerId, tally } from '../../shared/domain/polls/tally.js';
import { checkVoterTarget, validateBallot } from '../../server/capabilities/polls/rules.js';
import { decideClose, decideCreate, decideOpen, decideShowOfHands, decideVisibility } from '../../server/capabilities/polls/decide.js';
import { redactPolls } from '../../server/capabilities/polls/visibility.js';
import { newPerson } from '../../server/capabilities/people/decide.js';
import { DomainError } from '../../shared/protocol/errors.js';

let seq = 0;
function apply(state: SessionState, events: NewEvent[]) {
  for (const e of events) applyEvent(state, { seq: ++seq + state.seq, at: 1000, by: null, type: e.type, data: e.data });
}
const input = (x: Record<string, unknown>) => PollInputSchema.parse(x);
function withPoll(x: Record<string, unknown>, open = true): { s: SessionState; poll: Poll } {
  const s = emptySessionState('s1');
  apply(s, decideCreate(s, 'p1', input(x)));
  if (open) apply(s, decideOpen(s, 'p1', 1000, null));
  return { s, poll: s.polls.p1 };
}
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'none';
};

describe('[P1] ballot validation against the poll definition', () => {
  it('single, multiple (max), scale, yes/no, ranking and open', () => {
    const single = withPoll({ kind: 'single', question: 'Q', options: ['a', 'b', 'c'] }).poll;
    expect(validateBallot(single, { choices: [2] })).toEqual({ choices: [2] });
    expect(code(() => validateBallot(single, { choices: [3] }))).toBe('INVALID_BALLOT');
    expect(code(() => validateBallot(single, { choices: [0, 1] }))).toBe('INVALID_BALLOT');
    expect(code(() => validateBallot(single, { value: 1 }))).toBe('INVALID_BALLOT');
    const multi = withPoll({ kind: 'multiple', question: 'Q', options: ['a', 'b', 'c', 'd'], maxChoices: 2 }).poll;
    expect(validateBallot(multi, { choices: [3, 1] })).toEqual({ choices: [1, 3] });
    expect(code(() => validateBallot(multi, { choices: [0, 1, 2] }))).toBe('INVALID_BALLOT');
    expect(code(() => validateBallot(multi, { choices: [1, 1] }))).toBe('INVALID_BALLOT');
    const scale = withPoll({ kind: 'scale', question: 'Q', min: 1, max: 5, minLabel: 'threat', maxLabel: 'opportunity' }).poll;
    expect(validateBallot(scale, { value: 5 })).toEqual({ value: 5 });
    expect(code(() => validateBallot(scale, { value: 6 }))).toBe('INVALID_BALLOT');
    const yn = withPoll({ kind: 'yesno', question: 'Q' }).poll;
    expect(yn.options).toEqual(['Yes', 'No']);
    expect(code(() => validateBallot(yn, { choices: [2] }))).toBe('INVALID_BALLOT');
    const rank = withPoll({ kind: 'ranking', question: 'Q', options: ['a', 'b', 'c'] }).poll;
    expect(validateBallot(rank, { ranking: [2, 0, 1] })).toEqual({ ranking: [2, 0, 1] });
    expect(code(() => validateBallot(rank, { ranking: [0, 0, 1] }))).toBe('INVALID_BALLOT');
    expect(code(() => validateBallot(rank, { ranking: [0, 1] }))).toBe('INVALID_BALLOT');
    const open = withPoll({ kind: 'open', question: 'Q' }).poll;
    expect(validateBallot(open, { text: '  training  ' })).toEqual({ text: 'training' });
    expect(code(() => validateBallot(open, { choices: [0] }))).toBe('INVALID_BALLOT');
  });
});

describe('[P2] room targeting (handcrafted breakout state)', () => {
  it('plenary, one room and every breakout', () => {
    const s = emptySessionState('s1');
    s.rooms.g1 = { id: 'g1', name: 'Group 1', kind: 'breakout', modality: 'online', facilitatorId: null, callLink: null };
    s.rooms.g2 = { id: 'g2', name: 'Group 2', kind: 'breakout', modality: 'onsite', facilitatorId: null, callLink: null };
    s.roomOrder.push('g1', 'g2');
    const inPlenary = newPerson({ id: 'x', name: 'X', role: 'participant', modality: 'online', at: 0 });
    const inG1 = { ...inPlenary, id: 'y', roomId: 'g1' };
    apply(s, decideCreate(s, 'pl', input({ kind: 'yesno', question: 'Q' })));
    apply(s, decideCreate(s, 'r2', input({ kind: 'yesno', question: 'Q', target: { kind: 'room', roomId: 'g2' } })));
    apply(s, decideCreate(s, 'br', input({ kind: 'yesno', question: 'Q', target: { kind: 'breakouts' } })));
    expect(code(() => checkVoterTarget(s, s.polls.pl, inPlenary))).toBe('none');
    expect(code(() => checkVoterTarget(s, s.polls.pl, inG1))).toBe('FORBIDDEN');
    expect(code(() => checkVoterTarget(s, s.polls.r2, inG1))).toBe('FORBIDDEN');
    expect(code(() => checkVoterTarget(s, s.polls.br, inG1))).toBe('none');
    expect(code(() => checkVoterTarget(s, s.polls.br, inPlenary))).toBe('FORBIDDEN');
    // Each group's results are kept apart, including groups with no ballot yet.
    const ballots: StoredBallot[] = [
      { b: { choices: [0] }, m: 'online', r: 'g1' },
      { b: { choices: [1] }, m: 'onsite', r: 'g1' },
    ];
    const r = tally(s.polls.br, ballots, { at: 1, rooms: ['g1', 'g2'] });
    expect(r.byRoom.g1.counts).toEqual([1, 1]);
    expect(r.byRoom.g2.counts).toEqual([0, 0]);
    expect(code(() => decideCreate(s, 'zz', input({ kind: 'yesno', question: 'Q', target: { kind: 'room', roomId: 'nope' } })))).toBe('NOT_FOUND');
  });
});

describe('[P3] tally', () => {
  it('counts, percentages, modality and room breakdowns, scale mean, show of hands apart', () => {
    const { poll } = withPoll({ kind: 'scale', question: 'Q', min: 1, max: 5 });
    const ballots: StoredBallot[] = [
      { b: { value: 1 }, m: 'onsite', r: 'plenary' },
      { b: { value: 5 }, m: 'online', r: 'plenary' },
      { b: { value: 5 }, m: 'online', r: 'plenary' },
      { b: { value: 4 }, m: 'onsite', r: 'plenary' },
    ];
    const r = tally(poll, ballots, { at: 1, showOfHands: [0, 0, 3, 0, 1] });
    expect(r.overall.counts).toEqual([1, 0, 0, 1, 2]);
    expect(r.overall.percents).toEqual([25, 0, 0, 25, 50]);
    expect(r.overall.mean).toBe(3.8);
    expect(r.byModality.onsite.n).toBe(2);
    expect(r.byModality.online.counts).toEqual([0, 0, 0, 0, 2]);
    expect(r.showOfHands?.counts).toEqual([0, 0, 3, 0, 1]);
    expect(r.showOfHands?.n).toBe(4);
    expect(r.overall.n).toBe(4); // hands are never added to device ballots
  });
  it('ranking gives Borda points and mean ranks', () => {
    const { poll } = withPoll({ kind: 'ranking', question: 'Q', options: ['a', 'b', 'c'] });
    const r = tally(poll, [
      { b: { ranking: [0, 1, 2] }, m: 'online', r: 'plenary' },
      { b: { ranking: [0, 2, 1] }, m: 'online', r: 'plenary' },
    ], { at: 1 });
    expect(r.overall.counts).toEqual([4, 1, 1]);
    expect(r.overall.meanRanks).toEqual([1, 2.5, 2.5]);
  });
  it('open answers: sorted list, word frequencies, hidden answers removed', () => {
    const { poll } = withPoll({ kind: 'open', question: 'Q' });
    const ballots: StoredBallot[] = ['Training', 'training', 'Basic income', 'rude word'].map((text) => ({ b: { text }, m: 'online' as const, r: 'plenary' }));
    const r = tally(poll, ballots, { at: 1, hidden: [answerId('RUDE  word')] });
    expect(r.open?.answers.map((a) => a.text)).toEqual(['Basic income', 'Training', 'training']);
    expect(r.open?.words[0]).toEqual({ word: 'training', count: 2 });
    expect(r.open?.hiddenCount).toBe(1);
    expect(JSON.stringify(r)).not.toContain('rude');
  });
});

describe('[P4] lifecycle decisions and visibility', () => {
  it('draft -> open -> closed; no reopening; final results follow the visibility', () => {
    const { s } = withPoll({ kind: 'yesno', question: 'Q', resultsVisibility: 'never' }, false);
    expect(s.polls.p1.status).toBe('draft');
    apply(s, decideOpen(s, 'p1', 5, null));
    expect(s.polls.p1.status).toBe('open');
    expect(code(() => decideOpen(s, 'p1', 6, null))).toBe('CONFLICT');
    expect(code(() => decideShowOfHands(s, 'p1', [1], null))).toBe('BAD_REQUEST');
    const results = tally(s.polls.p1, [], { at: 7 });
    const closing = decideClose(s, 'p1', results);
    expect(closing.map((e) => e.type)).toEqual(['poll:closed', 'poll:finalResults']);
    // Results hidden from participants stay with the moderators (issue 16: observers and the wall see them
    // only once revealed).
    expect(closing[1].audience).toEqual({ roles: ['moderator'] });
    apply(s, closing);
    expect(s.polls.p1.status).toBe('closed');
    expect(s.pollResults.p1.final).toBe(true);
    expect(code(() => decideClose(s, 'p1', results))).toBe('CONFLICT');
    // Making results public after closing re-sends the logged tally to the target room.
    const vis = decideVisibility(s, 'p1', 'afterClose');
    expect(vis.map((e) => e.type)).toEqual(['poll:visibilitySet', 'poll:finalResults']);
    expect(vis[1].audience).toMatchObject({ rooms: ['plenary'] });
  });
  it('snapshots hide drafts from non-moderators and results per visibility', () => {
    const { s } = withPoll({ kind: 'yesno', question: 'Q', resultsVisibility: 'never' });
    apply(s, decideCreate(s, 'd1', input({ kind: 'yesno', question: 'secret draft' })));
    apply(s, decideClose(s, 'p1', tally(s.polls.p1, [], { at: 1 })));
    const asParticipant = structuredClone(s);
    redactPolls(asParticipant, { personId: 'x', role: 'participant', rooms: ['plenary'] });
    expect(asParticipant.polls.d1).toBeUndefined();
    expect(asParticipant.pollOrder).toEqual(['p1']);
    expect(asParticipant.pollResults.p1).toBeUndefined();
    const asObserver = structuredClone(s);
    redactPolls(asObserver, { personId: 'o', role: 'observer', rooms: ['plenary'] });
    expect(asObserver.polls.d1).toBeUndefined();
    // A poll whose results are never shown: observers get none of them (issue 16), as participants.
    expect(asObserver.pollResults.p1).toBeUndefined();
    const asModerator = structuredClone(s);
    redactPolls(asModerator, { personId: 'm', role: 'moderator', rooms: ['plenary'] });
    expect(asModerator.polls.d1).toBeDefined();
  });
});

describe('[P5] demo questionnaires', () => {
  it('every questionnaire of the demo day loads as draft polls', async () => {
    const { loadDemoDay } = await import('../../server/demo/demoSession.js');
    const { demoQuestionnaires } = await import('../../server/demo/demoPolls.js');
    const { decideCreateQuestionnaire } = await import('../../server/capabilities/polls/decide.js');
    const qs = demoQuestionnaires(loadDemoDay().questionnaires ?? []);
    expect(qs.length).toBeGreaterThanOrEqual(4);
    const s = emptySessionState('demo');
    qs.forEach((q, i) => apply(s, decideCreateQuestionnaire(s, `q${i}`, q.title, q.polls.map((_, k) => `q${i}p${k}`), q.polls)));
    const polls = Object.values(s.polls);
    expect(polls.every((p) => p.status === 'draft' && p.questionnaireId)).toBe(true);
    expect(new Set(polls.map((p) => p.kind))).toEqual(new Set(['scale', 'single', 'yesno', 'open', 'multiple', 'ranking']));
    expect(s.polls.q0p0).toMatchObject({ min: 1, max: 5, minLabel: { en: 'Mostly a threat' }, maxLabel: { en: 'Mostly an opportunity' } });
  });
});
