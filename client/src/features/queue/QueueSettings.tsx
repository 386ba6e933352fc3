import { useId } from 'react';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { queueSettingsOf } from '../../../../shared/domain/queue/order.js';
import { useI18n } from '../../i18n/i18n.js';

const GRACES = [null, 0, 15, 30, 60];

/** Session-wide queue settings (moderators): alternate hall and online; end overrun turns by themselves. */
export function QueueSettings({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const id = useId();
  const s = queueSettingsOf(state);
  return (
    <div className="row queue-settings">
      <label htmlFor={`${id}-alt`}>
        <input id={`${id}-alt`} type="checkbox" checked={s.alternate} onChange={(e) => void conn.request('queue:settings', { alternate: e.target.checked })} />{' '}
        {t('queue.alternate')}
      </label>
      <label htmlFor={`${id}-grace`}>
        {t('queue.autoEnd')}
        <select
          id={`${id}-grace`}
          value={s.autoEndGraceSeconds === null ? 'off' : String(s.autoEndGraceSeconds)}
          onChange={(e) => void conn.request('queue:settings', { autoEndGraceSeconds: e.target.value === 'off' ? null : Number(e.target.value) })}
        >
          {GRACES.map((g) => (
            <option key={String(g)} value={g === null ? 'off' : String(g)}>
              {g === null ? t('queue.autoEndOff') : t('queue.graceSeconds', { n: g })}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
