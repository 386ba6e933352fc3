// Appliers import only types from the schemas, so the client bundle does not pull in zod.
import type { Appliers } from '../eventTypes.js';
import type { reportEvents } from './events.js';

export const reportAppliers: Appliers<typeof reportEvents> = {
  'report:observerAccessSet': (s, d) => {
    s.reportForObservers = d.allowed === true;
  },
};
