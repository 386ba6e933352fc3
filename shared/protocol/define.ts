import { z } from 'zod';
import { CommandId, type ViewerRole } from './primitives.js';

/** One entry of the command registry: what a client may send, who may send it, and what the ack carries. */
export interface CommandSpec<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  payload: P;
  result: R;
  /**
   * Repeating the command changes nothing more (reads; a ballot, where the last one counts): the router does not
   * remember its ack for retries. Every other command's ack is remembered per command id (see docs/protocol.md).
   */
  idempotent?: boolean;
  /** Roles allowed to send the command at all; finer checks (own room, own facilitator group) follow in the handler. */
  roles: readonly ViewerRole[];
  doc: string;
}

/** Every command payload is a strict object (unknown fields are refused) with an optional command id for retries. */
export function payload<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject({ ...shape, cid: CommandId.optional() });
}

export function command<P extends z.ZodType, R extends z.ZodType>(spec: CommandSpec<P, R>): CommandSpec<P, R> {
  return spec;
}

export const NO_RESULT = z.object({ seq: z.number().int().optional() });

export const ALL_VIEWERS: readonly ViewerRole[] = ['moderator', 'facilitator', 'participant', 'observer', 'projector'];
export const PEOPLE_ROLES: readonly ViewerRole[] = ['moderator', 'facilitator', 'participant', 'observer'];
export const MODERATORS: readonly ViewerRole[] = ['moderator'];
