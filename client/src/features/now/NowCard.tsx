import { useEffect, useRef } from 'react';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { pickLocalized, useI18n } from '../../i18n/i18n.js';
import { announce } from '../../components/Announcer.js';
import { own } from '../../../../shared/domain/keyed.js';
import { Countdown, formatRemaining } from '../rooms/time.js';
import { OpenPolls, useAnnounceNewPolls } from '../polls/ParticipantPolls.js';
import { BroadcastBanner } from './broadcast.js';
import { nowItem, type NowItem } from './nowItem.js';
import './now.css';

/**
 * The top of the phone: where I am and what part runs (one line), then the one thing to do now (see nowItem).
 * When that thing changes the card is brought into view, flashes once and the change is said in the live
 * region, unless the person is typing somewhere else on the page (their text and focus are never taken away).
 * Polls announce themselves (useAnnounceNewPolls, with the question) and the floor is announced assertively by
 * the speaker queue: this card announces the rest (a move counting down, a new part).
 */
export function NowCard({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t, lang } = useI18n();
  useAnnounceNewPolls(conn);
  const me = conn.personId ? own(state.people, conn.personId) : null;
  const item = nowItem(state, conn.personId);
  const ref = useRef<HTMLElement>(null);
  const seen = useRef<string | null>(null);
  const sayRef = useRef<(i: NowItem) => string | null>(() => null);
  sayRef.current = (i) => {
    if (i.kind === 'move') return moveTitle(i, t) + ' ' + t('now.inTime', { time: formatRemaining(i.at - conn.serverNow()) });
    if (i.kind === 'part' && state.agendaRun.currentId) return t('now.partStarted', { part: partTitle(state, lang) ?? '' });
    return null;
  };
  useEffect(() => {
    const first = seen.current === null;
    if (seen.current === item.key) return;
    seen.current = item.key;
    if (first) return; // the page just loaded: nothing changed for the person
    const el = ref.current;
    if (el) {
      el.classList.remove('now-changed');
      void el.offsetWidth; // restart the flash animation
      el.classList.add('now-changed');
      const typing = document.activeElement instanceof HTMLElement && document.activeElement.matches('input[type=text], textarea, [contenteditable]') && !el.contains(document.activeElement);
      if (!typing && el.getBoundingClientRect().top < 0) el.scrollIntoView({ block: 'start' });
    }
    const text = sayRef.current(item);
    if (text) announce(text);
  }, [item]);
  if (!me) return null;
  const room = own(state.rooms, me.roomId);
  const part = partTitle(state, lang);
  return (
    <section ref={ref} className="now-card" aria-labelledby="now-title" data-testid="now-card" data-now={item.kind}>
      <p className="now-where">
        <span data-testid="my-room">
          {t('rooms.youAreIn')} <strong>{room?.kind === 'plenary' ? t('rooms.plenary') : <bdi>{room?.name}</bdi>}</strong>
        </span>
        {item.kind !== 'part' && part && (
          <span className="now-part-line">
            {' · '}
            <bdi data-testid="current-part">{part}</bdi>
          </span>
        )}
      </p>
      {item.kind !== 'part' && <Countdown conn={conn} endsAt={state.agendaRun.endsAt} label={t('rooms.partEndsIn')} />}
      {room?.callLink && me.modality === 'online' && (
        <a className="button primary call-link" href={room.callLink} target="_blank" rel="noopener noreferrer">
          {t('rooms.joinCall', { room: room.name })}
        </a>
      )}
      <BroadcastBanner state={state} conn={conn} />
      <div className="now-body">
        {item.kind === 'floor' && (
          <>
            <h2 id="now-title" className="now-title now-floor">
              {t('queue.youHaveFloor')}
            </h2>
            <Countdown conn={conn} endsAt={item.endsAt} label={t('queue.timeLeft')} big />
          </>
        )}
        {item.kind === 'move' && (
          <>
            <h2 id="now-title" className="now-title now-move">
              {moveTitle(item, t)}
            </h2>
            <Countdown conn={conn} endsAt={item.at} label={t('now.in')} big />
          </>
        )}
        {item.kind === 'polls' && (
          <>
            <h2 id="now-title" className="now-title now-answer">
              {t('now.answer')}
            </h2>
            <OpenPolls state={state} conn={conn} pollIds={item.pollIds} questionnaireIds={item.questionnaireIds} />
          </>
        )}
        {item.kind === 'part' && (
          <>
            <h2 id="now-title" className="now-title">
              {part ? <bdi data-testid="current-part">{part}</bdi> : <span data-testid="current-part">{t('rooms.noPart')}</span>}
            </h2>
            {part && <Countdown conn={conn} endsAt={state.agendaRun.endsAt} label={t('rooms.partEndsIn')} big />}
            {state.roomsRun.open && <Countdown conn={conn} endsAt={state.roomsRun.breakoutEndsAt} label={t('rooms.breakoutEndsIn')} />}
          </>
        )}
      </div>
    </section>
  );
}

/** The running part's title in the person's language, else the session's first language that has one. */
function partTitle(state: SessionState, lang: string): string | null {
  const title = state.agenda.find((p) => p.id === state.agendaRun.currentId)?.title;
  return title === undefined ? null : pickLocalized(title, lang, state.languages).text;
}

function moveTitle(item: Extract<NowItem, { kind: 'move' }>, t: ReturnType<typeof useI18n>['t']): string {
  if (item.move === 'recall') return t('now.backToPlenary');
  return item.roomName ? t('now.goTo', { room: item.roomName }) : t('now.stayInPlenary');
}
