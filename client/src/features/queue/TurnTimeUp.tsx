import { useEffect, useRef } from 'react';
import type { Speaker } from '../../../../shared/domain/queue/schemas.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { announce } from '../../components/Announcer.js';
import { useRemaining } from '../rooms/time.js';

/**
 * "Time is up" once a timed turn ran past its deadline (server time): on the speaker's phone as a notice, on the
 * steering screens as a prompt (its two answers, end the turn and +1 min, are the buttons right below it).
 * Announced once per turn.
 */
export function TurnTimeUp({ speaker, conn, steer }: { speaker: Speaker; conn: SessionConnection; steer?: boolean }) {
  const { t } = useI18n();
  const left = useRemaining(conn, speaker.endsAt);
  const up = left !== null && left < 0;
  const said = useRef<string | null>(null);
  const text = steer ? t('queue.timeUpPrompt', { name: speaker.name }) : t('queue.timeUp');
  useEffect(() => {
    if (up && said.current !== speaker.entryId) announce(text, 'assertive');
    if (up) said.current = speaker.entryId;
  }, [up, speaker.entryId, text]);
  if (!up) return null;
  return (
    <div className="time-up" role="alert" data-testid="time-up">
      <strong>{text}</strong>
    </div>
  );
}

/** "+1 min" for the current speaker; names the turn it extends, so a late tap never extends the next speaker. */
export function MoreTime({ conn, roomId, speaker }: { conn: SessionConnection; roomId: string; speaker: Speaker }) {
  const { t } = useI18n();
  return (
    <button type="button" onClick={() => void conn.request('queue:extend', { roomId, entryId: speaker.entryId, seconds: 60 })}>
      {t('queue.moreTime')}
    </button>
  );
}
