import type { Logger } from 'pino';
import { DomainError } from '../../shared/protocol/errors.js';
import type { Store } from './Store.js';
import { NEVER_SENT_PREFIX } from './redisConnection.js';

/**
 * Store methods that change nothing: when one of them fails, nothing was written whatever the failure,
 * so the caller may say "not applied" (UNAVAILABLE).
 */
const READS = new Set<string>(['readLog', 'headSeq', 'readSnapshot', 'readArchive', 'resolveJoinCode', 'listSessions', 'readBallots', 'readWorksheet', 'worksheetSize', 'recallAck', 'isAlive', 'ping', 'time', 'instanceSessions']);
/**
 * Writes that are never the effect of a command itself (rate counters, liveness): when one fails, the
 * command it serves has not been applied yet, whatever became of the counter.
 */
const BOOKKEEPING = new Set<string>(['hit', 'heartbeat', 'saveSnapshot', 'noteInstanceSession', 'forgetInstanceSession']);

/**
 * ioredis's refusal of a command it never wrote to the socket (the connection is down and the offline
 * queue is off). Any other failure of a write (commandTimeout, a connection cut with the command in
 * flight) comes after the command was sent: Redis may have run it.
 */
const NEVER_SENT = [/Stream isn't writeable/i, /enableOfflineQueue/i, /ECONNREFUSED/i, /Connection is in (subscriber|monitoring) mode/i, new RegExp(`^${NEVER_SENT_PREFIX}`)];

/** True when a failed store call certainly changed nothing. */
export function certainlyNotApplied(op: string, err: unknown): boolean {
  if (READS.has(op) || BOOKKEEPING.has(op)) return true;
  const message = err instanceof Error ? err.message : String(err);
  // A reply from Redis that is an error (LOADING, BUSY, READONLY…) means the command did not run.
  if ((err as { name?: string })?.name === 'ReplyError') return true;
  return NEVER_SENT.some((re) => re.test(message));
}

/**
 * Wraps a store so that any failure of the store itself (Redis down, frozen, timed out) reaches callers
 * as a typed, retryable error that says what is known about the state:
 * - UNAVAILABLE: the call certainly changed nothing (a read, or a write that never left this process);
 * - OUTCOME_UNKNOWN: a write was sent and not answered (timeout, cut in flight); it may have been applied.
 * Every write of the store is idempotent per command id or per key, so a retry of either is safe.
 */
export function guardStore(store: Store, log: Logger): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'close') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (err) {
          if (err instanceof DomainError) throw err;
          const op = String(prop);
          const notApplied = certainlyNotApplied(op, err);
          log.warn({ err, op, notApplied }, 'store unavailable');
          throw new DomainError(notApplied ? 'UNAVAILABLE' : 'OUTCOME_UNKNOWN');
        }
      };
    },
  });
}
