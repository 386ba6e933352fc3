import { useEffect, useState, useSyncExternalStore } from 'react';
import { SessionConnection } from '../net/connection.js';
import { loadToken, type ViewKind } from '../net/tokens.js';

/** Opens (once) the live connection of a view from its stored token; null when there is no token. */
export function useConnection(kind: ViewKind): SessionConnection | null {
  const [conn] = useState(() => {
    const token = loadToken(kind);
    return token ? new SessionConnection({ token, storageKey: `dr:outbox:${kind}` }) : null;
  });
  useEffect(() => () => conn?.close(), [conn]);
  return conn;
}

/** Re-renders on every change of the connection (state, status, outbox). */
export function useLive(conn: SessionConnection | null): number {
  return useSyncExternalStore(
    (cb) => conn?.subscribe(cb) ?? (() => {}),
    () => conn?.version ?? 0,
  );
}
