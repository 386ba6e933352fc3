// Appliers import only types from the schemas, so the client bundle does not pull in zod.
import type { Appliers } from '../eventTypes.js';
import type { profileEvents } from './events.js';
import { emptyRecord, setOwn } from '../keyed.js';
import type { ProfileState } from './schemas.js';
import type { SessionState } from '../state.js';

export function profileOf(s: SessionState): ProfileState {
  s.profile ??= { questions: [], answers: emptyRecord(), composition: null };
  return s.profile;
}

export const profileAppliers: Appliers<typeof profileEvents> = {
  'profile:questionsSet': (s, d) => {
    profileOf(s).questions = d.questions;
  },
  'profile:answered': (s, d) => {
    if (!Array.isArray(d.choices)) throw new Error('profile:answered without choices');
    setOwn(profileOf(s).answers, d.personId, [...d.choices]);
  },
  'profile:composition': (s, d) => {
    profileOf(s).composition = d.composition;
  },
};
