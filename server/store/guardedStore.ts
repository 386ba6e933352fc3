import type { Logger } from 'pino';
import { DomainError } from '../../shared/protocol/errors.js';
import type { Store } from './Store.js';

/**
 * Wraps a store so that any failure of the store itself (Redis down, frozen, timed out) reaches callers
 * as the retryable UNAVAILABLE error: the command is refused and nothing is acked that was not persisted.
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
          log.warn({ err, op: String(prop) }, 'store unavailable');
          throw new DomainError('UNAVAILABLE');
        }
      };
    },
  });
}
