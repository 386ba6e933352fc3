import { z } from 'zod';
import { MODERATORS, NO_RESULT, command, payload } from '../define.js';
import { Id, LIMITS, Modality } from '../primitives.js';
import { BROADCAST_DEFAULT_MINUTES } from '../../domain/rooms/broadcast.js';

/** A call link (Zoom, Jitsi…): https only, so a link on a phone never opens something unexpected. */
export const CallLink = z.string().trim().max(500).url().refine((u) => u.startsWith('https://'), 'https links only');
const RoomName = z.string().trim().min(1).max(LIMITS.labelLength);
const Countdown = z.number().int().min(0).max(600).default(0);

export const roomsCommands = {
  'rooms:create': command({
    payload: payload({ name: RoomName, modality: Modality.nullable().default(null), callLink: CallLink.nullable().default(null) }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Create an empty breakout group.',
  }),
  'rooms:update': command({
    payload: payload({ roomId: Id, name: RoomName.optional(), modality: Modality.nullable().optional(), callLink: CallLink.nullable().optional(), facilitatorId: Id.nullable().optional() }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: "Rename a group, set its modality, its call link (shown to its online members when moved in) or its facilitator. CONFLICT when that person already facilitates another group (clear it there first): nobody facilitates two rooms by accident.",
  }),
  'rooms:delete': command({
    payload: payload({ roomId: Id }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Delete a breakout group: its plan entries go, its chat and worksheet stay in the log and the report. CONFLICT while breakouts are open and someone is in it (move them first); NOT_FOUND for the plenary.',
  }),
  'rooms:autoAssign': command({
    payload: payload({
      mode: z.enum(['balanced', 'tablesAndOnline']),
      /** balanced: how many groups. */
      groups: z.number().int().min(1).max(100).default(4),
      /** tablesAndOnline: about how many people per group without a table, and per online group. */
      size: z.number().int().min(2).max(50).default(6),
    }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Replace the group plan: random groups of balanced size, or onsite tables plus online groups (modalities never mixed). Moves people at once if breakouts are open. While breakouts are closed, the groups the new plan leaves empty are deleted (changing the mode replaces the previous rooms instead of leaving empty ones).',
  }),
  'rooms:assign': command({
    payload: payload({ personId: Id, roomId: Id.nullable() }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Put one person into a group (null or "plenary": no group). Moves them at once if breakouts are open.',
  }),
  'rooms:open': command({
    payload: payload({ countdownSeconds: Countdown, minutes: z.number().int().min(0).max(240).default(0) }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Open breakouts: everyone with a group moves into it, now or after an announced countdown; `minutes` sets the breakout timer (0: none). When the timer runs out the server schedules a recall with a 60 s countdown announced to all; cancelling it (`rooms:cancelMove`) lets the groups go on without a timer.',
  }),
  'rooms:recall': command({
    payload: payload({ countdownSeconds: Countdown }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Recall everyone to the plenary, now or after an announced countdown.',
  }),
  'rooms:cancelMove': command({
    payload: payload({}),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Cancel a pending (counting down) open or recall.',
  }),
  'rooms:broadcast': command({
    payload: payload({
      text: z.string().trim().min(1).max(LIMITS.reasonLength),
      /** How long every screen shows it, in minutes (default BROADCAST_DEFAULT_MINUTES); 0: until a moderator clears it. */
      minutes: z.number().int().min(0).max(240).default(BROADCAST_DEFAULT_MINUTES),
    }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: `A short message shown in every room, for \`minutes\` (default ${BROADCAST_DEFAULT_MINUTES}; 0: until cleared). It replaces the previous one. Each phone may also dismiss it for itself.`,
  }),
  'rooms:clearBroadcast': command({
    payload: payload({}),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: 'Take the broadcast message off every screen now (nothing happens when none is shown).',
  }),
  'rooms:visit': command({
    payload: payload({ roomId: Id.nullable() }),
    result: NO_RESULT,
    roles: MODERATORS,
    doc: "Visit a breakout (receive its chat and traffic as well as the plenary's), or stop visiting (null).",
  }),
};
