import type { Logger } from 'pino';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import type { Person, SessionState } from '../../shared/domain/state.js';
import type { CommandName, CommandResult, ParsedPayload, ServerEventName } from '../../shared/protocol/registry.js';
import type { ViewerRole } from '../../shared/protocol/primitives.js';
import type { Decide, SessionHub, SessionRuntime } from '../sessions/SessionHub.js';
import type { Store } from '../store/Store.js';
import type { LinkIssuer } from '../auth/links.js';
import type { Audience, Viewer } from '../../shared/domain/audience.js';

/** What a command handler gets: the parsed payload, who sent it, and the means to change the session. */
export interface CommandContext {
  sessionId: string;
  personId: string;
  /** The sender's current role (from the session state, not the token: roles change). */
  role: ViewerRole;
  /** The sender, or null for the projector, which is no person. */
  person: Person | null;
  viewer: Viewer;
  runtime: SessionRuntime;
  hub: SessionHub;
  store: Store;
  log: Logger;
  cid?: string;
  /**
   * Sends a transient (not logged) server event to an audience on every instance, through the adapter
   * (e.g. throttled live poll results). Logged events reach clients by themselves; never use this for them.
   */
  emit(audience: Audience, event: ServerEventName, payload: unknown, opts?: { exceptSender?: boolean }): void;
  /** Runs a decision against the session (inside its queue) and persists its events before resolving. */
  execute(decide: Decide): Promise<StoredEvent[]>;
  /**
   * The id of the `n`th thing of kind `prefix` this command creates: derived from (person, cid), so a retry
   * names the same thing (server/capabilities/commandIds.ts).
   */
  idFor(prefix: string, n?: number): string;
  /** The store's time as this instance estimates it (the one clock for event times and deadlines). */
  now(): number;
  readonly state: SessionState;
  /** Signs links in the session's current key generation (access capability); set by the command router. */
  links?: LinkIssuer;
  /**
   * Marks the sender's own connection as holding a token of this key generation (it receives that token in the
   * ack), so that re-issuing links closes every older connection but the one that asked.
   */
  adoptGeneration?(generation: number): void;
}

export type Handler<N extends CommandName> = (ctx: CommandContext, payload: ParsedPayload<N>) => Promise<CommandResult<N>>;
export type Handlers<N extends CommandName> = { [K in N]: Handler<K> };

/** The usual result of a command that appended events: the sequence number of the last one. */
export function seqOf(events: StoredEvent[]): { seq?: number } {
  return events.length ? { seq: events[events.length - 1].seq } : {};
}
