import { useEffect, useState } from 'react';
import type { Broadcast } from '../../../../shared/domain/rooms/schemas.js';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';

/**
 * The broadcast every screen shows now: null once it expired (its `expiresAt`, in server time, like every
 * countdown) or was cleared. Re-renders by itself at the moment it expires: no event is needed for that.
 */
export function useBroadcast(state: SessionState, conn: SessionConnection): Broadcast | null {
  const b = state.roomsRun.broadcast;
  const [, tick] = useState(0);
  const expiresAt = b?.expiresAt ?? null;
  useEffect(() => {
    if (expiresAt === null) return;
    const left = expiresAt - conn.serverNow();
    if (left <= 0) return;
    // setTimeout cannot wait longer than ~24.8 days; broadcasts last at most 4 hours.
    const timer = setTimeout(() => tick((n) => n + 1), left + 50);
    return () => clearTimeout(timer);
  }, [expiresAt, conn]);
  if (!b || (expiresAt !== null && expiresAt <= conn.serverNow())) return null;
  return b;
}

/**
 * A broadcast's words: who sent it and the text, each bidi-isolated (`dir="auto"`), so an English message on an
 * Arabic page (or the reverse) keeps its own order and punctuation instead of reading scrambled.
 */
export function BroadcastText({ broadcast }: { broadcast: Broadcast }) {
  const { t } = useI18n();
  return (
    <>
      <span aria-hidden="true">📣 </span>
      {t('rooms.broadcastFrom', { name: broadcast.byName })}:{' '}
      <bdi dir="auto" className="broadcast-text">
        {broadcast.text}
      </bdi>
    </>
  );
}

const DISMISSED_KEY = 'dr:dismissed:broadcast';

/** The phone's broadcast: shown until it expires or the moderators clear it, or until this person dismisses it here. */
export function BroadcastBanner({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const b = useBroadcast(state, conn);
  const [dismissed, setDismissed] = useState(() => {
    try {
      return localStorage.getItem(DISMISSED_KEY);
    } catch {
      return null;
    }
  });
  const id = b ? b.id || String(b.at) : null;
  if (!b || id === dismissed) return null;
  const dismiss = () => {
    setDismissed(id);
    try {
      localStorage.setItem(DISMISSED_KEY, id!);
    } catch {
      /* private mode: dismissed for this page only */
    }
  };
  return (
    <div className="broadcast now-broadcast" data-testid="broadcast" role="status">
      <p>
        <BroadcastText broadcast={b} />
      </p>
      <button type="button" className="dismiss" onClick={dismiss}>
        {t('now.dismiss')}
      </button>
    </div>
  );
}
