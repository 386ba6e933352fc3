import { ERROR_CODES, RETRYABLE_CODES, type ErrorCode, type WireError } from '../../../shared/protocol/errors.js';

/**
 * What the outbox does with the answer to one attempt of a command. Pure, so it is unit-tested without I/O
 * (tests/unit/outboxRetry.test.ts).
 *
 * - `delivered`: acked ok; the action leaves the outbox.
 * - `retry`: nothing definite is known (no ack before the timeout, or a code of `RETRYABLE_CODES`, which is the
 *   one list of "send the same command id again, it is safe"): the action stays, same id, and is tried again.
 * - `refused`: a definite refusal (any other code of the catalogue): the action leaves the outbox and the
 *   person is told which and why. A code this client does not know (a newer server) is also definite: it is
 *   not in the retryable list it was built with, and retrying forever on it would block every later action.
 */
export type Outcome = { kind: 'delivered' } | { kind: 'retry' } | { kind: 'refused'; error: WireError };

/** `null` stands for "no ack": the socket's ack timeout passed, or the link dropped while waiting. */
export function classifyOutcome(ack: { ok: boolean; error?: WireError } | null): Outcome {
  if (ack === null) return { kind: 'retry' };
  if (ack.ok) return { kind: 'delivered' };
  const error = ack.error ?? { code: 'INTERNAL', message: ERROR_CODES.INTERNAL };
  if (RETRYABLE_CODES.includes(error.code as ErrorCode)) return { kind: 'retry' };
  return { kind: 'refused', error };
}

export interface BackoffOptions {
  /** Delay after the first failed attempt, before jitter (ms). */
  baseMs: number;
  /** No delay grows past this, before jitter (ms): a phone back in range never waits longer to be tried. */
  capMs: number;
}

/** 0.5 s, 1 s, 2 s, … 15 s, 15 s, …: about 25 attempts in a 5-minute outage, one request each per phone. */
export const OUTBOX_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 15_000 };

/**
 * Delay before attempt `failures + 1`, after `failures` (≥ 1) failed attempts: capped exponential with
 * "equal jitter" (between half and all of the step), so a hall of phones refused together by a stalled store
 * does not come back in the same millisecond, and none waits less than half a step.
 */
export function retryDelayMs(failures: number, random: () => number = Math.random, opts: BackoffOptions = OUTBOX_BACKOFF): number {
  const n = Math.max(1, Math.floor(failures));
  // 2 ** n overflows to Infinity long after the cap is reached; Math.min keeps it finite.
  const step = Math.min(opts.capMs, opts.baseMs * 2 ** (n - 1));
  return Math.round(step / 2 + random() * (step / 2));
}
