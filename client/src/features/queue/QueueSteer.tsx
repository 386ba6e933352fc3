import { useId, useState } from 'react';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { Modality } from '../../../../shared/protocol/primitives.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { waitingEntries } from '../../../../shared/domain/queue/order.js';
import { QueueList } from './QueueList.js';
import { SpeakerNow } from './SpeakerNow.js';
import { MoreTime, TurnTimeUp } from './TurnTimeUp.js';
import { FairnessPanel } from './FairnessPanel.js';
import { own } from '../../../../shared/domain/keyed.js';

const DURATIONS = [0, 60, 120, 180, 300];

/** Moderators' and a facilitator's controls of one room's queue: give the floor, end the turn, remove, add by name. */
export function QueueSteer({ state, conn, roomId }: { state: SessionState; conn: SessionConnection; roomId: string }) {
  const { t } = useI18n();
  const id = useId();
  const [seconds, setSeconds] = useState(120);
  const [name, setName] = useState('');
  const [modality, setModality] = useState<Modality>('onsite');
  /** A by-name entry refused as a duplicate, waiting for "add a second person anyway". */
  const [dup, setDup] = useState<{ name: string; modality: Modality } | null>(null);
  const q = own(state.queues, roomId);
  // The turn this screen shows: if another moderator gave the floor meanwhile, the server answers CONFLICT.
  const give = (entryId?: string) =>
    void conn.request('queue:next', { roomId, expectedCurrent: q?.current?.entryId ?? null, ...(entryId ? { entryId } : {}), ...(seconds ? { seconds } : {}) });
  const add = async (entry: { name: string; modality: Modality }, confirmDuplicate: boolean) => {
    const res = await conn.request('queue:add', { roomId, ...entry, ...(confirmDuplicate ? { confirmDuplicate } : {}) });
    setDup(!res.ok && res.error.code === 'DUPLICATE_NAME' ? entry : null);
  };
  return (
    <div className="queue-steer">
      <SpeakerNow speaker={q?.current ?? null} conn={conn} />
      {q?.current && <TurnTimeUp speaker={q.current} conn={conn} steer />}
      {q?.current && (
        <div className="row">
          <button type="button" onClick={() => void conn.request('queue:end', { roomId })}>
            {t('queue.endTurn')}
          </button>
          <MoreTime conn={conn} roomId={roomId} speaker={q.current} />
        </div>
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
          void add({ name: name.trim(), modality }, false);
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
      {dup && (
        <p className="dup-name" role="alert" data-testid="dup-name">
          {t('queue.duplicateName', { name: dup.name })}{' '}
          <button type="button" onClick={() => void add(dup, true)}>
            {t('queue.addAnyway')}
          </button>
        </p>
      )}
      <FairnessPanel state={state} conn={conn} roomId={roomId} />
    </div>
  );
}
