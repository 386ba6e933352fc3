import { z } from 'zod';

export const reportEvents = {
  /** Moderators let observers download the public part of the report (results), or stop it. Default: not allowed. */
  'report:observerAccessSet': z.object({ allowed: z.boolean() }),
};
