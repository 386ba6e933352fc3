import { Suspense, useEffect, useRef } from 'react';
import { lazyWithRetry } from '../../net/lazyWithRetry.js';
import type { SessionState } from '../../../../shared/domain/state.js';
import { positionOf } from '../../../../shared/domain/queue/order.js';
import { steersRoom } from '../../../../shared/domain/steering.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { announce } from '../../components/Announcer.js';
import { Countdown } from '../rooms/time.js';
import { QueueList } from './QueueList.js';
import { SpeakerNow } from './SpeakerNow.js';
import { TurnTimeUp } from './TurnTimeUp.js';
import './queue.css';

// A facilitator's steering controls load only on their phone: participants never download them.
const QueueSteer = lazyWithRetry(() => import('./QueueSteer.js').then((m) => ({ default: m.QueueSteer })));
import { own } from '../../../../shared/domain/keyed.js';

/**
 * The phone's speaker queue: raise/lower my hand, my position, and "You have the floor" (announced
 * assertively, once per turn). A facilitator also steers their room's queue here.
 */
export function RaiseHand({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const me = conn.personId ? own(state.people, conn.personId) : null;
  const q = me ? own(state.queues, me.roomId) : undefined;
  const mine = !!me && q?.current?.personId === me.id;
  const position = me ? positionOf(state, me.roomId, me.id) : null;
  const announced = useRef<string | null>(null);
  const floorText = t('queue.youHaveFloor');
  useEffect(() => {
    const turn = mine ? q!.current!.entryId : null;
    if (turn && announced.current !== turn) announce(floorText, 'assertive');
    announced.current = turn;
  }, [mine, q, floorText]);
  if (!me || (me.role !== 'participant' && me.role !== 'facilitator')) return null;
  const steers = me.role === 'facilitator' && steersRoom(state, { personId: me.id, role: me.role }, me.roomId);
  return (
    <section className="card queue" aria-labelledby="queue-title">
      <h2 id="queue-title">{t('queue.title')}</h2>
      <div role="status" aria-live="polite">
        {mine ? (
          <p className="floor" data-testid="floor">
            {t('queue.youHaveFloor')}
          </p>
        ) : (
          position !== null && (
            <p className="queue-position" data-testid="queue-position">
              {t('queue.position', { n: position })}
            </p>
          )
        )}
      </div>
      {mine && <Countdown conn={conn} endsAt={q!.current!.endsAt} label={t('queue.timeLeft')} />}
      {mine && <TurnTimeUp speaker={q!.current!} conn={conn} />}
      {!mine && !steers && <SpeakerNow speaker={q?.current ?? null} conn={conn} />}
      {!steers && <QueueList state={state} roomId={me.roomId} limit={5} />}
      {/* While they have the floor, a "raise my hand" button only distracts the speaker. */}
      {mine ? null : position === null ? (
        <button type="button" className="primary" onClick={() => void conn.request('queue:raise', { roomId: me.roomId })}>
          {t('queue.raise')}
        </button>
      ) : (
        <button type="button" onClick={() => void conn.request('queue:lower', { roomId: me.roomId })}>
          {t('queue.lower')}
        </button>
      )}
      {steers && (
        <Suspense fallback={null}>
          <QueueSteer state={state} conn={conn} roomId={me.roomId} />
        </Suspense>
      )}
    </section>
  );
}
