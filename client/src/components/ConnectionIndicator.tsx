import { useEffect, useRef } from 'react';
import type { SessionConnection } from '../net/connection.js';
import { translatePlural, useI18n } from '../i18n/i18n.js';
import { announce } from './Announcer.js';

const ICON: Record<string, string> = { connected: '✓', connecting: '…', reconnecting: '⚠', offline: '⚠', closed: '✕' };

/**
 * Always visible, sticky at the top: the state of the link in words and an icon (not colour alone),
 * and how many of the person's actions wait to be sent. Losing and regaining the link is also announced.
 * "N actions waiting to be sent" is in a live region of its own, present from the start (a region inserted
 * with its text is not reliably read): it is read when actions start waiting and when the count changes,
 * and empties when the outbox does. The short "Sending 1 action…" of every normal action is not announced.
 */
export function ConnectionIndicator({ conn }: { conn: SessionConnection }) {
  const { t, lang } = useI18n();
  const status = conn.status;
  const pending = conn.pending;
  const waiting = conn.outboxWaiting;
  const prev = useRef(status);
  useEffect(() => {
    const was = prev.current;
    prev.current = status;
    if (was === 'connected' && (status === 'reconnecting' || status === 'offline')) announce(t('conn.lost'));
    if ((was === 'reconnecting' || was === 'offline') && status === 'connected') announce(t('conn.back'));
  }, [status, t]);
  const down = status !== 'connected';
  return (
    <div className={`conn conn-${status}${waiting ? ' conn-waiting' : ''}`} data-testid="connection" data-status={status} data-pending={pending} data-waiting={waiting}>
      <span className="conn-icon" aria-hidden="true">
        {/* Not a reassuring tick while the person's actions wait on a stalled server. */}
        {waiting && !down ? '↻' : ICON[status]}
      </span>
      <span>
        {/* "Connected" alone would contradict the waiting actions when the server, not the link, is stuck. */}
        <span className="conn-text">{waiting && !down ? t('conn.serverBusy') : t(`conn.${status}`)}</span>
        {pending > 0 && !waiting && (
          <span className="conn-pending" data-testid="pending">
            {' '}
            {translatePlural(lang, 'conn.sending', pending)}
          </span>
        )}
        <span className="conn-waiting-text" role="status" aria-live="polite" aria-atomic="true">
          {waiting && (
            <span className="conn-pending" data-testid="pending">
              {translatePlural(lang, 'conn.pendingKept', pending)}
              {/* Down, the status text already says it is kept; up, a stalled server needs saying: don't tap again. */}
              {!down && <span className="conn-hint">{t('conn.waitingHint')}</span>}
            </span>
          )}
        </span>
      </span>
    </div>
  );
}
