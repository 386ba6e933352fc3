import { useId, useState } from 'react';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { Modality } from '../../../../shared/protocol/primitives.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { waitingEntries } from '../../../../shared/domain/queue/order.js';
import { QueueList } from './QueueList.js';
import { SpeakerNow } from './SpeakerNow.js';
import { own } from '../../../../shared/domain/keyed.js';

const DURATIONS = [0, 60, 120, 180, 300];

/** Moderators' and a facilitator's controls of one room's queue: give the floor, end the turn, remove, add by name. */
export function QueueSteer({ state, conn, roomId }: { state: SessionState; conn: SessionConnection; roomId: string }) {
  const { t } = useI18n();
  const id = useId();
  const [seconds, setSeconds] = useState(120);
  const [name, setName] = useState('');
  const [modality, setModality] = useState<Modality>('onsite');
  const q = own(state.queues, roomId);
  const give = (entryId?: string) =>
    void conn.request('queue:next', { roomId, ...(entryId ? { entryId } : {}), ...(seconds ? { seconds } : {}) });
  return (
    <div className="queue-steer">
      <SpeakerNow speaker={q?.current ?? null} conn={conn} />
      {q?.current && (
        <button type="button" onClick={() => void conn.request('queue:end', { roomId })}>
          {t('queue.endTurn')}
        </button>
      )}
      <div className="row">
        <label htmlFor={`${id}-dur`}>
          {t('queue.duration')}
          <select id={`${id}-dur`} value={seconds} onChange={(e) => setSeconds(Number(e.target.value))}>
            {DURATIONS.map((s) => (
              <option key={s} value={s}>
                {s ? t('queue.minutes', { n: s / 60 }) : t('queue.noLimit')}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" disabled={!waitingEntries(state, roomId).length} onClick={() => give()}>
          {t('queue.giveNext')}
        </button>
      </div>
      <QueueList
        state={state}
        roomId={roomId}
        actions={(e) => (
          <>
            <button type="button" onClick={() => give(e.id)}>
              {t('queue.give')}
            </button>
            <button type="button" className="danger" onClick={() => void conn.request('queue:remove', { roomId, entryId: e.id })}>
              {t('queue.remove')}
            </button>
          </>
        )}
      />
      {q && <p className="muted">{t('queue.turns', { onsite: q.turnsByModality.onsite, online: q.turnsByModality.online })}</p>}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          void conn.request('queue:add', { roomId, name: name.trim(), modality });
          setName('');
        }}
      >
        <label htmlFor={`${id}-name`}>
          {t('queue.addName')}
          <input id={`${id}-name`} value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
        </label>
        <label htmlFor={`${id}-where`}>
          {t('queue.where')}
          <select id={`${id}-where`} value={modality} onChange={(e) => setModality(e.target.value as Modality)}>
            <option value="onsite">{t('queue.onsite')}</option>
            <option value="online">{t('queue.online')}</option>
          </select>
        </label>
        <button type="submit">{t('queue.add')}</button>
      </form>
    </div>
  );
}
