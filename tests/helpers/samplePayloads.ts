import type { CommandName } from '../../shared/protocol/registry.js';

export interface SampleContext {
  sessionId: string;
  /** A participant other than the sender, to act upon. */
  targetPersonId: string;
}

/**
 * A payload that passes each command's schema, so that authorization tests reach the role check.
 * Every command of the registry must have one: tests/integration/authorization.test.ts fails otherwise.
 */
export const SAMPLE_PAYLOADS: Record<CommandName, (ctx: SampleContext) => Record<string, unknown>> = {
  'session:sync': () => ({ sinceSeq: null }),
  'time:sync': () => ({ clientSentAt: Date.now() }),
  'people:rename': (c) => ({ personId: c.targetPersonId, name: 'Renamed' }),
  'people:setRole': (c) => ({ personId: c.targetPersonId, role: 'facilitator' }),
  'people:setLabel': (c) => ({ personId: c.targetPersonId, label: 'press' }),
  'people:setSupport': (c) => ({ personId: c.targetPersonId, support: true }),
  'people:remove': (c) => ({ personId: c.targetPersonId, reason: 'test' }),
  'rooms:create': () => ({ name: 'Table 1', modality: 'onsite', callLink: null }),
  'rooms:update': () => ({ roomId: 'plenary', name: 'Main hall' }),
  'rooms:autoAssign': () => ({ mode: 'balanced', groups: 2 }),
  'rooms:assign': (c) => ({ personId: c.targetPersonId, roomId: null }),
  'rooms:open': () => ({ countdownSeconds: 0 }),
  'rooms:recall': () => ({ countdownSeconds: 0 }),
  'rooms:cancelMove': () => ({}),
  'rooms:broadcast': () => ({ text: 'Five minutes left' }),
  'rooms:visit': () => ({ roomId: null }),
  'agenda:add': () => ({ title: 'Extra part', minutes: 15 }),
  'agenda:start': () => ({}),
  'agenda:extend': () => ({ minutes: 5 }),
  'agenda:end': () => ({}),
  'agenda:skip': () => ({ partId: 'part-1' }),
  'chat:send': () => ({ text: 'Hello' }),
  'chat:hide': () => ({ roomId: 'plenary', messageId: 'm_1', reason: 'off topic' }),
  'queue:raise': () => ({}),
  'queue:lower': () => ({}),
  'queue:add': () => ({ roomId: 'plenary', name: 'Ana' }),
  'queue:remove': () => ({ roomId: 'plenary', entryId: 'e_1' }),
  'queue:next': () => ({ roomId: 'plenary', seconds: 60 }),
  'queue:end': () => ({ roomId: 'plenary' }),
  'queue:invite': (c) => ({ roomId: 'plenary', personId: c.targetPersonId }),
  'queue:extend': () => ({ roomId: 'plenary', entryId: 'e_1', seconds: 60 }),
  'queue:settings': () => ({ alternate: true }),
  'bridge:say': () => ({ text: 'Online is quiet' }),
  'bridge:highlight': () => ({ source: { kind: 'remark', personId: null, name: 'Someone', text: 'A remark' } }),
  'bridge:project': () => ({ highlightId: null }),
  'bridge:askCheckIn': () => ({}),
  'bridge:answerCheckIn': () => ({ checkInId: 'c_1', summary: 'All good' }),
  'bridge:react': () => ({ reaction: 'agree' }),
  'help:request': () => ({ note: 'No sound' }),
  'help:take': () => ({ requestId: 'h_1' }),
  'help:close': () => ({ requestId: 'h_1' }),
  'polls:create': () => ({ poll: { kind: 'yesno', question: 'Agree?' } }),
  'polls:update': () => ({ pollId: 'poll_1', poll: { kind: 'yesno', question: 'Agree now?' } }),
  'polls:delete': () => ({ pollId: 'poll_1' }),
  'polls:open': () => ({ pollId: 'poll_1' }),
  'polls:close': () => ({ pollId: 'poll_1' }),
  'polls:setVisibility': () => ({ pollId: 'poll_1', resultsVisibility: 'live' }),
  'polls:showOfHands': () => ({ pollId: 'poll_1', counts: [3, 4] }),
  'polls:hideAnswer': () => ({ pollId: 'poll_1', answerId: 'a_1', hidden: true }),
  'polls:vote': () => ({ pollId: 'poll_1', ballot: { choices: [0] } }),
  'polls:createQuestionnaire': () => ({ title: 'Questionnaire', polls: [{ kind: 'yesno', question: 'Agree?' }] }),
  'polls:openQuestionnaire': () => ({ questionnaireId: 'q_1' }),
  'polls:closeQuestionnaire': () => ({ questionnaireId: 'q_1' }),
  'worksheet:open': () => ({ roomId: 'plenary' }),
  'worksheet:update': () => ({ roomId: 'plenary', update: 'AAA=' }),
  'access:reissueLinks': () => ({}),
  'access:changeJoinCode': () => ({}),
  'access:setJoining': () => ({ open: false }),
  'access:setObserverCap': () => ({ cap: 3 }),
  'profile:answer': () => ({ choices: [] }),
};
