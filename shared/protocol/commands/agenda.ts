import { z } from 'zod';
import { MODERATORS, NO_RESULT, command, payload } from '../define.js';
import { Id, LIMITS } from '../primitives.js';

export const agendaCommands = {
  'agenda:add': command({
    payload: payload({ title: z.string().trim().min(1).max(LIMITS.titleLength), minutes: z.number().int().min(1).max(480), room: z.enum(['plenary', 'breakouts']).default('plenary') }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Append a part to the agenda.',
  }),
  'agenda:start': command({
    payload: payload({ partId: Id.optional() }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Start a part (default: the next one not finished); its deadline is server time + planned minutes. A running part is ended first.',
  }),
  'agenda:extend': command({
    payload: payload({ minutes: z.number().int().min(-60).max(120).refine((m) => m !== 0, 'not zero') }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: "Move the running part's deadline by some minutes (negative shortens).",
  }),
  'agenda:end': command({
    payload: payload({}),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'End the running part; the onsite console then asks the online moderator for a check-in.',
  }),
  'agenda:skip': command({
    payload: payload({ partId: Id }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Mark a part as skipped (ends it if it runs).',
  }),
};
