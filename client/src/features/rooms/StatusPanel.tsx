import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { Countdown } from './time.js';
import './rooms.css';
import { BroadcastText, useBroadcast } from '../now/broadcast.js';
import { own } from '../../../../shared/domain/keyed.js';
import { PollText } from '../polls/localized.js';

/** Where I am, what part runs, its countdown, a pending move and the last broadcast. For every view. */
export function StatusPanel({ state, conn, big }: { state: SessionState; conn: SessionConnection; big?: boolean }) {
  const { t } = useI18n();
  const me = conn.personId ? own(state.people, conn.personId) : null;
  const room = me ? own(state.rooms, me.roomId) : null;
  const part = state.agenda.find((p) => p.id === state.agendaRun.currentId);
  const move = state.roomsRun.pendingMove;
  const broadcast = useBroadcast(state, conn);
  return (
    <section className="card status-panel" aria-label={t('rooms.now')}>
      {room && (
        <p className="where" data-testid="my-room" role="status" aria-live="polite">
          {t('rooms.youAreIn')} <strong>{room.kind === 'plenary' ? t('rooms.plenary') : room.name}</strong>
        </p>
      )}
      {room?.callLink && me?.modality === 'online' && (
        <a className="button primary call-link" href={room.callLink} target="_blank" rel="noopener noreferrer">
          {t('rooms.joinCall', { room: room.name })}
        </a>
      )}
      <p className="part" data-testid="current-part">
        {part ? <PollText value={part.title} languages={state.languages} /> : t('rooms.noPart')}
      </p>
      {part && <Countdown conn={conn} endsAt={state.agendaRun.endsAt} label={t('rooms.partEndsIn')} big={big} />}
      {state.roomsRun.open && <Countdown conn={conn} endsAt={state.roomsRun.breakoutEndsAt} label={t('rooms.breakoutEndsIn')} big={big} />}
      <div role="status" aria-live="polite">
        {move && <Countdown conn={conn} endsAt={move.at} label={move.kind === 'open' ? t('rooms.openingIn') : t('rooms.recallIn')} big={big} />}
        {broadcast && (
          <p className="broadcast" data-testid="broadcast">
            <BroadcastText broadcast={broadcast} />
          </p>
        )}
      </div>
    </section>
  );
}
