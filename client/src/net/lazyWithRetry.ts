import { lazy, type ComponentType } from 'react';

const MAX_ATTEMPTS = 20;

/**
 * React.lazy for a code-split part that may fail to download on a poor link (or while the link is cut):
 * a failed import would otherwise throw into the tree and blank the whole view. The import is tried again
 * with growing delays (Chromium fetches a failed module again on the next import()); after many failures,
 * likely a new deployment whose chunk names changed, the page reloads, which is safe: the outbox and the
 * token are kept in local storage.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyWithRetry<T extends ComponentType<any>>(load: () => Promise<{ default: T }>) {
  return lazy(async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await load();
      } catch (err) {
        if (attempt >= MAX_ATTEMPTS) {
          location.reload();
          throw err;
        }
        await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempt, 5000)));
      }
    }
  });
}
