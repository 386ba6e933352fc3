import type { z } from 'zod';
import type { Audience } from './audience.js';
import type { SessionState } from './state.js';

/** A capability's event schemas: event type -> zod schema of its data. */
export type EventSchemaMap = Record<string, z.ZodType>;

/** One applier per event type; appliers are deterministic and do no I/O (they mutate the state they are given). */
export type Appliers<M extends EventSchemaMap> = {
  [K in keyof M]: (state: SessionState, data: z.infer<M[K]>, meta: EventMeta) => void;
};

export interface EventMeta {
  seq: number;
  at: number;
  by: string | null;
}

/** An event as decided, before the log gives it a sequence number. */
export interface NewEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
  audience: Audience;
}

/** An event as stored in a session's ordered log. */
export interface StoredEvent<T extends string = string, D = unknown> extends NewEvent<T, D> {
  seq: number;
  /** Server time (ms since epoch) when the event was persisted. */
  at: number;
  /** The person whose command produced it, or null for the system. */
  by: string | null;
  /** The command id, so that a retried command is recognised. */
  cid?: string;
}

/** What a client receives: the stored event without its routing and idempotency fields. */
export interface WireEvent<T extends string = string, D = unknown> {
  seq: number;
  at: number;
  by: string | null;
  type: T;
  data: D;
  /**
   * Live delivery only: the seq of the previous event the server sent this connection. A jump in seq with
   * `prev` at or below the receiver's seq skipped only events it was not meant to see: no gap to fill.
   */
  prev?: number;
}
