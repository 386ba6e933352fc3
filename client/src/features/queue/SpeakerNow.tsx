import type { Speaker } from '../../../../shared/domain/queue/schemas.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { Countdown } from '../rooms/time.js';

/** Who has the floor, where they are, and their speaking time (same endsAt, same countdown on every screen). */
export function SpeakerNow({ speaker, conn, big }: { speaker: Speaker | null; conn: SessionConnection; big?: boolean }) {
  const { t } = useI18n();
  if (!speaker) return null;
  return (
    <div className="speaker-now" data-testid="speaker-now">
      <p>
        <span className="label">{t('queue.speakingNow')}</span>{' '}
        <strong className="queue-name">
          <bdi>{speaker.name}</bdi>
        </strong>{' '}
        <span className="queue-mark">{speaker.modality === 'online' ? t('queue.online') : t('queue.onsite')}</span>
      </p>
      <Countdown conn={conn} endsAt={speaker.endsAt} label={t('queue.timeLeft')} big={big} />
    </div>
  );
}
