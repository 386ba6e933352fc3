// Types only: the client imports this file, and zod must stay out of its bundle.
import type { AgendaPart, Person, Room, WorksheetSection } from './schemas.js';
export type { AgendaPart, Person, Room, WorksheetSection } from './schemas.js';
import type { AgendaRun, BridgeState, ChatMessage, HelpRequest, RoomsRun } from './rooms/schemas.js';
export type { AgendaRun, BridgeState, ChatMessage, HelpRequest, RoomsRun, Highlight, CheckIn, BridgeMessage, PendingMove } from './rooms/schemas.js';
import type { PollsState } from './polls/schemas.js';
import type { PlenaryState } from './plenary/schemas.js';
export type { PlenaryState, PublishedSheet, WallContent } from './plenary/schemas.js';
import type { QueueSettings, RoomQueue } from './queue/schemas.js';
import { emptyAccess, type AccessState } from './access/state.js';
export type { AccessState } from './access/state.js';
import { emptyRecord } from './keyed.js';
import type { RosterCounts } from './people/roster.js';
import type { ProfileState } from './profile/schemas.js';

export const PLENARY_ID = 'plenary';

export interface SessionState extends PollsState, PlenaryState {
  id: string;
  /** Sequence number of the last event applied; 0 before the first. */
  seq: number;
  title: string;
  joinCode: string;
  languages: string[];
  /** The join page's short privacy notice by language (absent: the default sentence); set at creation. */
  privacyNotice?: Record<string, string>;
  /** The organisers' phone number for people who cannot connect, shown on the join page. */
  hotline?: string;
  createdAt: number;
  agenda: AgendaPart[];
  people: Record<string, Person>;
  /** Person ids in join order: every client shows the roster in this order. */
  roster: string[];
  /**
   * Only in a participant's view, which holds part of the roster (people/roster.ts): the session's counts, as of
   * the snapshot or the last roster digest. Absent where the whole roster is held (count it).
   */
  rosterCounts?: RosterCounts;
  rooms: Record<string, Room>;
  roomOrder: string[];
  /** Breakout groups, open/recall and the pending timed move (rooms capability). */
  roomsRun: RoomsRun;
  /** Which agenda part runs and until when (agenda capability). */
  agendaRun: AgendaRun;
  /** Recent chat messages per room (the last CHAT_KEEP of each room). */
  chat: Record<string, ChatMessage[]>;
  /** The moderators' bridge: channel, highlights, projected highlight, check-ins. */
  bridge: BridgeState;
  /** Help desk requests by id, and their order. */
  help: { requests: Record<string, HelpRequest>; order: string[] };
  /** Speaker queues by room id (queue capability). */
  queues: Record<string, RoomQueue>;
  /** Session-wide queue settings; absent until moderators change one (see queueSettingsOf). */
  queueSettings?: QueueSettings;
  /** Key generation of links, joining open or closed, observer cap (access capability). */
  access: AccessState;
  /**
   * Logged events whose applier failed and that were skipped (see applyEvent), oldest first: the moderators'
   * console shows a notice. Only moderators receive it in snapshots.
   */
  damaged: DamagedEvent[];
  /** Locked worksheets by room id (worksheet capability); absent until a first lock. */
  worksheetLocks?: Record<string, WorksheetLock>;
  /** The session's default worksheet sections, set at creation; absent: hopes, fears, recommendations. */
  worksheetSections?: WorksheetSection[];
  /**
   * Private staff notes by person id (people capability), moderators only: snapshots drop them for every other
   * role, the events go to moderators only. Absent until the first note.
   */
  staffNotes?: Record<string, string>;
  /** Panel profile questions and (server only) answers; absent until a session sets questions or someone answers. */
  profile?: ProfileState;
  /** The session template this session was created from (its id and title); absent otherwise. */
  template?: { id: string; title: string };
  /** Moderators let observers download the report's public part (report:setObserverAccess); absent: not allowed. */
  reportForObservers?: boolean;
}

/** Who locked a room's worksheet, and when (the event's time). */
export interface WorksheetLock {
  by: string | null;
  at: number;
}

/** One skipped event: its sequence number and type (never its data, which may be what broke the applier). */
export interface DamagedEvent {
  seq: number;
  type: string;
}

/** Messages kept per room in the state (older ones stay in the log for the report). */
export const CHAT_KEEP = 200;

/**
 * Every record keyed by ids starts without a prototype (see keyed.ts): a key like "constructor" is then never
 * found unless it was put there. Reads still use own-property checks, because snapshots arrive as plain JSON.
 */
export function emptySessionState(id: string): SessionState {
  const rooms = emptyRecord<Room>();
  rooms[PLENARY_ID] = { id: PLENARY_ID, name: 'Plenary', kind: 'plenary', modality: null, facilitatorId: null, callLink: null };
  return {
    id,
    seq: 0,
    title: '',
    joinCode: '',
    languages: ['en'],
    createdAt: 0,
    agenda: [],
    people: emptyRecord(),
    roster: [],
    rooms,
    roomOrder: [PLENARY_ID],
    roomsRun: { groupOf: emptyRecord(), open: false, pendingMove: null, breakoutEndsAt: null, nextRoomNo: 1, broadcast: null },
    agendaRun: { currentId: null, startedAt: null, endsAt: null, finished: emptyRecord(), nextPartNo: 1 },
    chat: emptyRecord(),
    bridge: { messages: [], highlights: [], projected: null, checkIns: [], hiddenNotes: emptyRecord() },
    help: { requests: emptyRecord(), order: [] },
    polls: emptyRecord(),
    pollOrder: [],
    questionnaires: emptyRecord(),
    questionnaireOrder: [],
    pollResults: emptyRecord(),
    showOfHands: emptyRecord(),
    hiddenAnswers: emptyRecord(),
    queues: emptyRecord(),
    access: emptyAccess(),
    damaged: [],
  };
}

export function isConnected(person: Person): boolean {
  for (const n of Object.values(person.connections)) if (n > 0) return true;
  return false;
}

/** "Maria (Facilitator)", "Jon (Observer, press)": the label every view shows. */
export function roleLabel(person: Pick<Person, 'role' | 'label' | 'side'>): string {
  const base =
    person.role === 'moderator'
      ? `${person.side === 'online' ? 'Online' : 'Onsite'} moderator`
      : person.role.charAt(0).toUpperCase() + person.role.slice(1);
  return person.label ? `${base}, ${person.label}` : base;
}
