import { useEffect, useRef } from 'react';
import type { SessionConnection } from '../net/connection.js';
import { useI18n, type MessageKey } from '../i18n/i18n.js';
import { announce } from './Announcer.js';

const ICON: Record<string, string> = { connected: '✓', connecting: '…', reconnecting: '⚠', offline: '⚠', closed: '✕' };

/**
 * Always visible, sticky at the top: the state of the link in words and an icon (not colour alone),
 * and how many of the person's actions wait to be sent. Losing and regaining the link is also announced.
 */
export function ConnectionIndicator({ conn }: { conn: SessionConnection }) {
  const { t } = useI18n();
  const status = conn.status;
  const pending = conn.pending;
  const prev = useRef(status);
  useEffect(() => {
    const was = prev.current;
    prev.current = status;
    if (was === 'connected' && (status === 'reconnecting' || status === 'offline')) announce(t('conn.lost'));
    if ((was === 'reconnecting' || was === 'offline') && status === 'connected') announce(t('conn.back'));
  }, [status, t]);
  const down = status !== 'connected';
  const pendingKey: MessageKey = down ? (pending === 1 ? 'conn.pendingKept.one' : 'conn.pendingKept.other') : pending === 1 ? 'conn.sending.one' : 'conn.sending.other';
  return (
    <div className={`conn conn-${status}`} data-testid="connection" data-status={status} data-pending={pending}>
      <span className="conn-icon" aria-hidden="true">
        {ICON[status]}
      </span>
      <span>
        <span className="conn-text">{t(`conn.${status}`)}</span>
        {pending > 0 && (
          <span className="conn-pending" data-testid="pending">
            {' '}
            {t(pendingKey, { count: pending })}
          </span>
        )}
      </span>
    </div>
  );
}
