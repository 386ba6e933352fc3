import type { z } from 'zod';
import type { WireError } from './errors.js';
import type { CommandSpec } from './define.js';
import { sessionCommands, SyncReply, WireEventSchema } from './commands/session.js';
import { peopleCommands, RosterDigestMessage } from './commands/people.js';
import { roomsCommands } from './commands/rooms.js';
import { agendaCommands } from './commands/agenda.js';
import { chatCommands } from './commands/chat.js';
import { bridgeCommands, Reaction } from './commands/bridge.js';
import { helpCommands } from './commands/help.js';
import { PollProgressMessage, PollResultsMessage, pollCommands } from './commands/polls.js';
import { queueCommands } from './commands/queue.js';
import { WorksheetAwarenessMessage, WorksheetUpdateMessage, worksheetCommands } from './commands/worksheet.js';
import { accessCommands } from './commands/access.js';
import { profileCommands } from './commands/profile.js';
import { reportCommands } from './commands/report.js';
import { plenaryCommands } from './commands/plenary.js';
import { wallCommands } from './commands/wall.js';
import { z as zod } from 'zod';

/**
 * The one registry of client -> server commands. Socket.IO's typed maps, the server's binding and
 * the client's `request()` are all derived from it; docs/protocol.md documents every entry.
 */
export const COMMANDS = {
  ...sessionCommands,
  ...peopleCommands,
  ...roomsCommands,
  ...agendaCommands,
  ...chatCommands,
  ...bridgeCommands,
  ...helpCommands,
  ...pollCommands,
  ...queueCommands,
  ...worksheetCommands,
  ...accessCommands,
  ...profileCommands,
  ...reportCommands,
  ...plenaryCommands,
  ...wallCommands,
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
export type CommandPayload<N extends CommandName> = z.input<(typeof COMMANDS)[N]['payload']>;
export type ParsedPayload<N extends CommandName> = z.output<(typeof COMMANDS)[N]['payload']>;
export type CommandResult<N extends CommandName> = z.infer<(typeof COMMANDS)[N]['result']>;
export type Ack<N extends CommandName> = ({ ok: true } & CommandResult<N>) | { ok: false; error: WireError };

/** Server -> client events (no ack). */
export const SERVER_EVENTS = {
  'session:event': {
    schema: WireEventSchema,
    doc: 'One event of the session log that the receiver may see, in sequence order.',
  },
  'session:closing': {
    schema: zod.object({ code: zod.string(), message: zod.string() }),
    doc: 'Sent just before the server disconnects the socket on purpose: REMOVED, TOKEN_REVOKED (links re-issued), TOKEN_EXPIRED.',
  },
  'session:view': {
    schema: SyncReply.extend({ reason: zod.string() }),
    doc: "What the receiver may see widened (moved to a breakout, visiting a room, new role, support duty) into a part with history it could not see: its own snapshot, redacted for it, in the shape of a `session:sync` reply. Apply it as that reply (live events at or below its `seq` are then skipped). Protocol 2.",
  },
  'session:resync': {
    schema: zod.object({ reason: zod.string() }),
    doc: "Sent instead of `session:view` to clients of protocol 1, which do not know it: what the receiver may see changed; send `session:sync` with `sinceSeq: null` for a snapshot that includes the history it could not see before.",
  },
  'session:error': {
    schema: zod.object({ event: zod.string(), error: zod.object({ code: zod.string(), message: zod.string() }) }),
    doc: 'A refusal for a command sent without an ack callback (so it is never dropped silently).',
  },
  'people:digest': {
    schema: RosterDigestMessage,
    doc: "Participants only: roster news coalesced (joins, connections, moves, renames of the people in the receiver's view, and the session's counts), at most one every ~2 s while the roster changes and one after each `session:sync`; `person:joined` and `presence:changed` go to the staff and the person themself. Apply each person as given (new ones at the end of the roster) and replace the counts.",
  },
  'bridge:pulse': {
    schema: zod.object({
      minuteStart: zod.number(),
      counts: zod.record(Reaction, zod.number()),
      /** Distinct people who tapped "can't hear" this minute; the alert is raised at 3. */
      cantHearPeople: zod.number(),
      alert: zod.boolean(),
    }),
    doc: "Moderators only: reactions counted in the current minute, sent after each reaction (not logged).",
  },
  'poll:results': {
    schema: PollResultsMessage,
    doc: 'Live (throttled, at most ~4 per second per poll cluster-wide) or final anonymous results of a poll, to moderators, observers, the projector, and the target rooms when results are public.',
  },
  'poll:progress': {
    schema: PollProgressMessage,
    doc: 'How many people finished (answered every poll of) an open questionnaire; to moderators, throttled like results.',
  },
  'worksheet:update': {
    schema: WorksheetUpdateMessage,
    doc: "A Yjs update of a room's worksheet, relayed (not logged) to the room's members and visiting moderators once stored.",
  },
  'worksheet:awareness': {
    schema: WorksheetAwarenessMessage,
    doc: "Presence in a room's worksheet (y-protocols awareness update), relayed (never stored) to the room's other sockets and to moderators.",
  },
} as const;

export type ServerEventName = keyof typeof SERVER_EVENTS;
export const SERVER_EVENT_NAMES = Object.keys(SERVER_EVENTS) as ServerEventName[];

export type ClientToServerEvents = {
  [N in CommandName]: (payload: CommandPayload<N>, ack: (res: Ack<N>) => void) => void;
};
export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: z.infer<(typeof SERVER_EVENTS)[E]['schema']>) => void;
};
