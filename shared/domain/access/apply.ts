// Appliers import only types from the schemas, so the client bundle does not pull in zod.
import type { Appliers } from '../eventTypes.js';
import type { accessEvents } from './events.js';
import { emptyAccess } from './state.js';
import type { SessionState } from '../state.js';

/** States built before the access capability existed (a snapshot from an older server) get the defaults. */
function access(s: SessionState) {
  return (s.access ??= emptyAccess());
}

export const accessAppliers: Appliers<typeof accessEvents> = {
  'access:linksReissued': (s, d) => {
    const a = access(s);
    // Generations only grow, even if a relayed event were applied out of order.
    a.generation = Math.max(a.generation, d.generation);
  },
  'access:joinCodeChanged': (s, d) => {
    s.joinCode = d.joinCode;
  },
  'access:joiningSet': (s, d) => {
    access(s).joiningOpen = d.open;
  },
  'access:observerCapSet': (s, d) => {
    access(s).observerCap = d.cap;
  },
};
