import { useEffect, useState } from 'react';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';

/**
 * Counts down to a deadline in server time. Every screen computes the same remaining time from the
 * same `endsAt` and its own clock offset, so no ticks are sent; re-rendered 4 times a second.
 */
export function useRemaining(conn: SessionConnection, endsAt: number | null): number | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (endsAt === null) return;
    const t = setInterval(() => setTick((n) => n + 1), 250);
    return () => clearInterval(t);
  }, [endsAt]);
  return endsAt === null ? null : endsAt - conn.serverNow();
}

export function formatRemaining(ms: number): string {
  const over = ms < 0;
  const s = Math.ceil(Math.abs(ms) / 1000);
  const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return over ? `+${text}` : text;
}

/** A countdown with its label; "overtime" is said in words, not only by colour. Announced politely once a minute. */
export function Countdown({ conn, endsAt, label, big }: { conn: SessionConnection; endsAt: number | null; label: string; big?: boolean }) {
  const { t, tp } = useI18n();
  const left = useRemaining(conn, endsAt);
  if (left === null) return null;
  return (
    <p className={`countdown${big ? ' big' : ''}${left < 0 ? ' over' : ''}`} data-testid="countdown">
      <span className="label">{label}</span>{' '}
      <time className="clock" aria-hidden="true">
        {formatRemaining(left)}
      </time>
      {left < 0 && <span className="overtime"> {t('rooms.overtime')}</span>}
      <span className="visually-hidden" role="timer" aria-live="off">
        {tp('rooms.nMinutesLeft', Math.max(0, Math.ceil(left / 60_000)))}
      </span>
    </p>
  );
}

export function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
