import type { EventType } from '../../shared/domain/events.js';
import { narrowBridge } from './bridge/visibility.js';
import { narrowChat } from './chat/visibility.js';
import { narrowHelp } from './help/visibility.js';
import { fullDigestAfterCatchUp, narrowRoster } from './people/visibility.js';
import { openPollTallies, redactPolls } from './polls/visibility.js';
import { narrowProfile } from './profile/visibility.js';
import { narrowQueues } from './queue/visibility.js';
import type { SyncHook } from './session/handlers.js';
import type { Narrower, Redactor } from './session/visibility.js';
import { narrowWorksheetLocks } from './worksheet/lock.js';

/**
 * What each capability adds to a viewer's view of a session, declared in one list (issue 20) instead of registered
 * by side effect at import: a snapshot's narrowers and redactors (session/visibility.ts), the work done for a
 * client that has just caught up (session/handlers.ts), and the events that change which rooms everyone's sockets
 * belong to (socketServer.ts). A capability whose state holds room-, role- or person-scoped data must appear here,
 * mirroring the audiences of its events.
 */
export interface CapabilityView {
  capability: string;
  /** Cuts top-level parts of the state to the viewer's, before the state is copied (large records: never copied). */
  narrow?: Narrower;
  /** Removes from the viewer's copy what it may not see, after the copy (for nested, small parts). */
  redact?: Redactor;
  /** Runs after a client caught up, for what the log does not carry (e.g. the live tally of open polls). */
  syncHook?: SyncHook;
  /** Events after which every socket of the session recomputes its rooms (not only the person's own sockets). */
  membershipEvents?: readonly EventType[];
}

/** In order: the roster's narrower runs first, on the full state (it reads the help desk's requesters). */
export const CAPABILITY_VIEWS: readonly CapabilityView[] = [
  { capability: 'people', narrow: narrowRoster, syncHook: fullDigestAfterCatchUp, membershipEvents: ['presence:instanceGone'] },
  { capability: 'rooms', membershipEvents: ['rooms:opened', 'rooms:recalled', 'rooms:planned'] },
  { capability: 'chat', narrow: narrowChat },
  { capability: 'bridge', narrow: narrowBridge },
  { capability: 'help', narrow: narrowHelp },
  { capability: 'profile', narrow: narrowProfile },
  { capability: 'queue', narrow: narrowQueues },
  { capability: 'worksheet', narrow: narrowWorksheetLocks },
  { capability: 'polls', redact: redactPolls, syncHook: openPollTallies },
];

/** Events that may move any socket of the session between rooms (see `membershipEvents`). */
export const MEMBERSHIP_WIDE: ReadonlySet<string> = new Set(CAPABILITY_VIEWS.flatMap((c) => c.membershipEvents ?? []));
