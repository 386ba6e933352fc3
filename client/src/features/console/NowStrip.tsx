import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { translatePlural, useI18n } from '../../i18n/i18n.js';
import { own, ownEach } from '../../../../shared/domain/keyed.js';
import { Countdown } from '../rooms/time.js';
import { usePulse } from '../rooms/BridgePanel.js';
import { PollText } from '../polls/localized.js';
import { resultsFor, useLiveResults } from '../polls/useLiveResults.js';
import type { SectionId } from './ConsoleDashboard.js';

/**
 * The console's sticky "now" strip: what runs (part and countdown), the open poll with its live count and Close,
 * who has the plenary's floor with their time and "End turn", the join code, and the alerts ("can't hear", help
 * waiting), each a button that opens the section where it is handled. One line on a laptop, two on a tablet.
 */
export function NowStrip({ state, conn, onJump }: { state: SessionState; conn: SessionConnection; onJump: (id: SectionId) => void }) {
  const { t, lang } = useI18n();
  const { live } = useLiveResults(conn);
  const pulse = usePulse(conn);
  const part = state.agenda.find((p) => p.id === state.agendaRun.currentId);
  const openPolls = ownEach(state.polls, state.pollOrder).filter((p) => p.status === 'open' && !p.questionnaireId);
  const poll = openPolls[openPolls.length - 1];
  const n = poll ? (resultsFor(state, live, poll.id)?.overall.n ?? 0) : 0;
  const speaker = own(state.queues, 'plenary')?.current ?? null;
  const helpWaiting = ownEach(state.help.requests, state.help.order).filter((r) => r.status === 'open').length;
  return (
    <section className="now-strip" aria-label={t('console.nowStrip')} data-testid="now-strip">
      <div className="now-item now-part">
        <button type="button" className="link" onClick={() => onJump('now')}>
          <strong>{part ? <PollText value={part.title} languages={state.languages} /> : t('rooms.noPart')}</strong>
        </button>
        {part && <Countdown conn={conn} endsAt={state.agendaRun.endsAt} label={t('console.partLeft')} />}
      </div>
      <div className="now-item now-poll" data-testid="now-poll">
        {poll ? (
          <>
            <button type="button" className="link" onClick={() => onJump('polls')}>
              <PollText value={poll.question} languages={state.languages} />
            </button>
            <span className="now-count">{translatePlural(lang, 'console.answers', n)}</span>
            <button type="button" data-testid="now-close-poll" onClick={() => void conn.request('polls:close', { pollId: poll.id })}>
              {t('polls.close')}
            </button>
          </>
        ) : (
          <span className="muted">{t('console.noOpenPoll')}</span>
        )}
      </div>
      <div className="now-item now-speaker" data-testid="now-speaker">
        {speaker ? (
          <>
            <button type="button" className="link" onClick={() => onJump('queue')}>
              <bdi>{speaker.name}</bdi>
            </button>
            <Countdown conn={conn} endsAt={speaker.endsAt} label={t('queue.timeLeft')} />
            <button type="button" data-testid="now-end-turn" onClick={() => void conn.request('queue:end', { roomId: 'plenary' })}>
              {t('console.endTurn')}
            </button>
          </>
        ) : (
          <span className="muted">{t('console.nobodySpeaking')}</span>
        )}
      </div>
      <div className="now-item now-alerts">
        <span className="join-code-small">
          {t('moderator.joinCode')}: <strong data-testid="join-code">{state.joinCode}</strong>
        </span>
        {pulse?.alert && (
          <button type="button" className="alert-button" data-testid="now-cant-hear" onClick={() => onJump('bridge')}>
            ⚠ {t('bridge.cantHearAlert', { n: pulse.cantHearPeople })}
          </button>
        )}
        {helpWaiting > 0 && (
          <button type="button" className="alert-button" data-testid="now-help" onClick={() => onJump('bridge')}>
            {translatePlural(lang, 'console.helpWaiting', helpWaiting)}
          </button>
        )}
      </div>
    </section>
  );
}
