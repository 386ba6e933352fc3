import { z } from 'zod';
import { MODERATORS, NO_RESULT, command, payload } from '../define.js';
import { Id } from '../primitives.js';

/** A worksheet section's name (the Y.Text's key): the session's sections, or hopes/fears/recommendations. */
export const SectionKey = Id;

export const plenaryCommands = {
  'plenary:publish': command({
    payload: payload({ roomId: Id, sections: z.array(SectionKey).min(1).max(20).optional() }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: "Publish a breakout group's worksheet (all its non-empty sections, or the ones named) to the plenary: a snapshot of its text now, labelled with the group's name, shown read-only on every phone, the observers' view and (when chosen) the wall. Publishing again replaces it. NOT_FOUND for no such group, CONFLICT when the chosen sections are empty.",
  }),
  'plenary:unpublish': command({
    payload: payload({ roomId: Id }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: "Withdraw a group's published sheet (the wall stops showing it too).",
  }),
  'plenary:recommend': command({
    payload: payload({ roomId: Id, section: SectionKey, paragraph: z.number().int().min(0).max(500) }),
    result: z.object({}),
    roles: MODERATORS,
    doc: "Copy one paragraph of a published sheet (its index among the section's non-empty lines) to the end of the plenary worksheet's recommendations, followed by \"(from <group>)\": stored and relayed as a Yjs update like typing. A retry with the same cid adds it once.",
  }),
  'plenary:pollFromRecommendations': command({
    payload: payload({}),
    result: z.object({ seq: z.number().int().optional(), pollId: z.string() }),
    roles: MODERATORS,
    doc: 'Make a draft poll (multiple choice, up to 3 picks) of the plenary recommendations, one option per non-empty line (at most 12). CONFLICT with fewer than two.',
  }),
};
