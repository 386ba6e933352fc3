import { useEffect, useState } from 'react';
import { expired } from '../../../../shared/domain/rooms/broadcast.js';
import type { SessionConnection } from '../../net/connection.js';

/**
 * Whether something with an `expiresAt` (server ms; null or absent: never) has expired by the server's clock.
 * Re-renders by itself at that moment, so a screen hides a highlight on time even before the server's
 * clearing event arrives (or while the connection is down).
 */
export function useExpired(expiresAt: number | null | undefined, conn: SessionConnection): boolean {
  const [, tick] = useState(0);
  useEffect(() => {
    if (expiresAt === null || expiresAt === undefined) return;
    const left = expiresAt - conn.serverNow();
    if (left <= 0) return;
    // Highlights last at most 4 hours: well under setTimeout's ~24.8-day limit.
    const timer = setTimeout(() => tick((n) => n + 1), left + 50);
    return () => clearTimeout(timer);
  }, [expiresAt, conn]);
  return expired(expiresAt, conn.serverNow());
}
