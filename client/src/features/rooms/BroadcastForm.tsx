import { useState } from 'react';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { BroadcastText, useBroadcast } from '../now/broadcast.js';
import { BROADCAST_DEFAULT_MINUTES } from '../../../../shared/domain/rooms/broadcast.js';

const DURATIONS = [2, 5, 10, 30, 60, 0] as const;

/** The moderators' broadcast: the message, how long every screen shows it, and taking the current one off every screen. */
export function BroadcastForm({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const [message, setMessage] = useState('');
  const [minutes, setMinutes] = useState<number>(BROADCAST_DEFAULT_MINUTES);
  const current = useBroadcast(state, conn);
  return (
    <div className="broadcast-form">
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (message.trim()) void conn.request('rooms:broadcast', { text: message.trim(), minutes });
          setMessage('');
        }}
      >
        <label htmlFor="broadcast-input">{t('rooms.broadcast')}</label>
        <input id="broadcast-input" value={message} maxLength={300} onChange={(e) => setMessage(e.target.value)} />
        <label htmlFor="broadcast-minutes">{t('now.shownFor')}</label>
        <select id="broadcast-minutes" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
          {DURATIONS.map((m) => (
            <option key={m} value={m}>
              {m === 0 ? t('now.untilCleared') : t('agenda.minutes', { n: m })}
            </option>
          ))}
        </select>
        <button type="submit">{t('rooms.send')}</button>
      </form>
      {current && (
        <p className="broadcast" data-testid="broadcast-current">
          <BroadcastText broadcast={current} />{' '}
          <button type="button" onClick={() => void conn.request('rooms:clearBroadcast', {})}>
            {t('now.clearBroadcast')}
          </button>
        </p>
      )}
    </div>
  );
}
