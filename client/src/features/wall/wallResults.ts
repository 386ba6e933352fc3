import { useEffect, useState } from 'react';
import type { Results } from '../../../../shared/domain/polls/schemas.js';
import type { SessionConnection } from '../../net/connection.js';
import { own } from '../../../../shared/domain/keyed.js';

interface Cache {
  live: Record<string, Results>;
  listeners: Set<() => void>;
}

const CACHES = new WeakMap<SessionConnection, Cache>();

/**
 * Live tallies kept for the connection's lifetime, not a component's: the projector receives a poll's current
 * tally once, when it connects or when results are revealed, which may be long before a moderator puts that
 * poll on the wall (and the wall's poll view mounts). Same precedence as useLiveResults.
 */
function cacheOf(conn: SessionConnection): Cache {
  let c = CACHES.get(conn);
  if (c) return c;
  const cache: Cache = { live: {}, listeners: new Set() };
  CACHES.set(conn, cache);
  const socket = conn.socket as unknown as { on(e: string, f: (x: never) => void): void };
  socket.on('poll:results', (r: Results) => {
    const old = own(cache.live, r.pollId);
    if (old && ((old.final && !r.final) || (old.final === r.final && old.computedAt > r.computedAt))) return;
    cache.live = { ...cache.live, [r.pollId]: r };
    for (const l of cache.listeners) l();
  });
  return cache;
}

export function useWallResults(conn: SessionConnection): Record<string, Results> {
  const cache = cacheOf(conn);
  const [live, setLive] = useState(cache.live);
  useEffect(() => {
    const l = () => setLive(cache.live);
    cache.listeners.add(l);
    l();
    return () => {
      cache.listeners.delete(l);
    };
  }, [cache]);
  return live;
}

/** Starts keeping tallies as soon as the projector view has its connection. */
export function keepWallResults(conn: SessionConnection): void {
  cacheOf(conn);
}
