import { z } from 'zod';
import { MODERATORS, NO_RESULT, command, payload } from '../define.js';
import { Id } from '../primitives.js';
import { localizedText } from '../../domain/polls/schemas.js';
import { MaterialInput } from '../../domain/schemas.js';
import { LocalizedTitleInput } from '../agendaInput.js';

export const agendaCommands = {
  'agenda:add': command({
    payload: payload({ title: LocalizedTitleInput, minutes: z.number().int().min(1).max(480), room: z.enum(['plenary', 'breakouts']).default('plenary') }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Append a part to the agenda; its title plain or per language.',
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
  'agenda:setPrompt': command({
    payload: payload({ partId: Id, prompt: localizedText(300, false), materials: z.array(MaterialInput).max(8).default([]) }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: "Give a part a short prompt (plain or per language) and links to its material (title + https URL, optionally for one language only); phones show them while the part runs. Replaces the part's earlier prompt and links.",
  }),
};
