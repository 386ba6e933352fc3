import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { Countdown } from './time.js';
import { ProjectorSpeaker } from '../queue/ProjectorSpeaker.js';
import './rooms.css';
import { useExpired } from './expiry.js';
import { BroadcastText, useBroadcast } from '../now/broadcast.js';
import { PollText } from '../polls/localized.js';

/** The wall screen: current part and countdown, the highlighted remark, and a place for the current speaker. */
export function ProjectorRooms({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const part = state.agenda.find((p) => p.id === state.agendaRun.currentId);
  const projected = state.bridge.projected;
  // Hidden at its end by the server's clock (the server also takes it off then).
  const h = useExpired(projected?.expiresAt, conn) ? null : projected;
  const move = state.roomsRun.pendingMove;
  const broadcast = useBroadcast(state, conn);
  return (
    <section className="projector-rooms">
      {part && <h2 className="projector-part"><PollText value={part.title} languages={state.languages} /></h2>}
      {part && <Countdown conn={conn} endsAt={state.agendaRun.endsAt} label={t('rooms.partEndsIn')} big />}
      {move && <Countdown conn={conn} endsAt={move.at} label={move.kind === 'open' ? t('rooms.openingIn') : t('rooms.recallIn')} big />}
      <ProjectorSpeaker state={state} conn={conn} />
      {h && (
        <blockquote className="projector-highlight" data-testid="projected">
          <p>
            <bdi dir="auto">{h.text}</bdi>
          </p>
          <footer>
            — <bdi>{h.name}</bdi> {t('bridge.online')}
          </footer>
        </blockquote>
      )}
      {broadcast && (
        <p className="broadcast" data-testid="broadcast">
          <BroadcastText broadcast={broadcast} />
        </p>
      )}
    </section>
  );
}
