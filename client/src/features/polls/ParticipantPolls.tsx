import { useEffect, useState } from 'react';
import type { Ballot, Poll, Questionnaire } from '../../../../shared/domain/polls/schemas.js';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { pickLocalized, useI18n, type MessageKey } from '../../i18n/i18n.js';
import { announce } from '../../components/Announcer.js';
import { ResultsView } from './ResultsView.js';
import { resultsFor, useLiveResults } from './useLiveResults.js';
import { VoteForm } from './VoteForm.js';
import { QuestionnaireRunner } from './QuestionnaireRunner.js';
import { PollText } from './localized.js';
import { own, ownEach } from '../../../../shared/domain/keyed.js';
import { pollTargetsRoom } from '../now/nowItem.js';

/** Mirrors the server's target rule (server/capabilities/polls/rules.ts checkVoterTarget). */
export const targetsRoom = pollTargetsRoom;

const storeKey = (pollId: string) => `dr:ballot:${pollId}`;
export function savedBallot(pollId: string): Ballot | null {
  try {
    return JSON.parse(localStorage.getItem(storeKey(pollId)) ?? 'null') as Ballot | null;
  } catch {
    return null;
  }
}

/**
 * A notice about one poll's answer, kept as a message key (not a translated string): it is said in the
 * language chosen now, even after a change of language, and it belongs to its poll only, so a "saved" notice
 * never sits above a newer poll that is not answered yet.
 */
type Notice = { pollId: string; key: MessageKey };

/** Sending a ballot: remembered on the phone at once, restored if the server refuses it. */
function usePollVoting(conn: SessionConnection) {
  const [, bump] = useState(0);
  const [notice, setNotice] = useState<Notice | null>(null);
  const vote = async (poll: Poll, ballot: Ballot): Promise<boolean> => {
    const previous = localStorage.getItem(storeKey(poll.id));
    localStorage.setItem(storeKey(poll.id), JSON.stringify(ballot));
    bump((n) => n + 1);
    const offline = conn.status !== 'connected';
    setNotice(offline ? { pollId: poll.id, key: 'polls.savedOffline' } : null);
    const res = await conn.request('polls:vote', { pollId: poll.id, ballot });
    if (res.ok) {
      setNotice({ pollId: poll.id, key: 'polls.saved' });
      return true;
    }
    if (previous === null) localStorage.removeItem(storeKey(poll.id));
    else localStorage.setItem(storeKey(poll.id), previous);
    bump((n) => n + 1);
    setNotice({ pollId: poll.id, key: `polls.error.${res.error.code === 'POLL_CLOSED' || res.error.code === 'INVALID_BALLOT' ? res.error.code : 'other'}` });
    return false;
  };
  return { vote, notice };
}

/** The open polls and questionnaires of this person's room, to answer now (shown in the phone's "now" card). */
export function OpenPolls({ state, conn, pollIds, questionnaireIds }: { state: SessionState; conn: SessionConnection; pollIds: readonly string[]; questionnaireIds: readonly string[] }) {
  const { t } = useI18n();
  const { live } = useLiveResults(conn);
  const { vote, notice } = usePollVoting(conn);
  // A vote of this poll in the outbox that could not be sent yet (link down, or a stalled store): "waiting to be
  // sent". Read from the outbox itself, so it is still shown after a reload restored the vote from storage.
  const waitingVote = (pollId: string) => conn.outboxWaiting && conn.outbox.list().some((e) => e.name === 'polls:vote' && e.payload.pollId === pollId);
  const me = conn.personId ? own(state.people, conn.personId) : null;
  if (!me) return null;
  const noticeFor = (pollId: string) =>
    notice?.pollId === pollId ? (
      <p className="poll-notice" data-testid="poll-notice">
        {t(notice.key)}
      </p>
    ) : null;
  return (
    <div className="polls now-polls">
      {ownEach(state.questionnaires, questionnaireIds).map((q) => {
        const polls = ownEach(state.polls, q.pollIds).filter((p) => p.status === 'open' && pollTargetsRoom(state, p, me.roomId));
        return polls.length ? <QuestionnaireRunner key={q.id} offline={conn.status !== 'connected' || conn.outboxWaiting} languages={state.languages} questionnaire={q} polls={polls} saved={savedBallot} onVote={vote} /> : null;
      })}
      {ownEach(state.polls, pollIds).map((p) => (
        <article key={p.id} className="poll-card">
          <VoteForm languages={state.languages} poll={p} initial={savedBallot(p.id)} onSubmit={(b) => void vote(p, b)} />
          <div role="status" aria-live="polite">
            {noticeFor(p.id)}
          </div>
          {waitingVote(p.id) ? (
            <p className="voted waiting" data-testid="vote-waiting">
              <span aria-hidden="true">⏳</span> {t('polls.waitingToSend')}
            </p>
          ) : (
            savedBallot(p.id) !== null && <p className="voted">✓ {t('polls.voted')}</p>
          )}
          {p.resultsVisibility === 'live' && resultsFor(state, live, p.id) && <ResultsView state={state} poll={p} results={resultsFor(state, live, p.id)!} detailed={false} />}
        </article>
      ))}
    </div>
  );
}

/** Results of the closed polls this person may see, newest first (on a phone: full-width bars). */
export function PastPollResults({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { live } = useLiveResults(conn);
  const me = conn.personId ? own(state.people, conn.personId) : null;
  if (!me || (me.role !== 'participant' && me.role !== 'facilitator')) return null;
  const closed = ownEach(state.polls, state.pollOrder)
    .filter((p) => p && p.status === 'closed' && pollTargetsRoom(state, p, me.roomId) && p.resultsVisibility !== 'never' && resultsFor(state, live, p.id))
    .sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0));
  if (!closed.length) return null;
  return (
    <div className="polls past-results">
      {closed.map((p) => (
        <article key={p.id} className="poll-card closed">
          <h3>
            <PollText value={p.question} languages={state.languages} />
          </h3>
          <ResultsView state={state} poll={p} results={resultsFor(state, live, p.id)!} detailed={false} />
        </article>
      ))}
    </div>
  );
}

/** How many closed polls have results for this person (the collapsed section's count). */
export function pastResultsCount(state: SessionState, personId: string | null): number {
  const me = personId ? own(state.people, personId) : null;
  if (!me) return 0;
  return ownEach(state.polls, state.pollOrder).filter((p) => p && p.status === 'closed' && pollTargetsRoom(state, p, me.roomId) && p.resultsVisibility !== 'never').length;
}

/**
 * Screen readers hear when a poll (or a questionnaire) opens for this person: the event carries the whole
 * definition, so the question is read in the person's language. A questionnaire is announced once, by its
 * title, on `questionnaire:opened` (logged after its polls' `poll:opened`; participants never saw the draft).
 */
export function useAnnounceNewPolls(conn: SessionConnection) {
  const { t, lang } = useI18n();
  useEffect(
    () =>
      conn.onSessionEvent((e) => {
        const state = conn.state;
        const me = state && conn.personId ? own(state.people, conn.personId) : null;
        if (!state || !me || (me.role !== 'participant' && me.role !== 'facilitator')) return;
        if (e.type === 'poll:opened') {
          const poll = (e.data as { poll: Poll }).poll;
          if (!poll.questionnaireId && pollTargetsRoom(state, poll, me.roomId)) announce(t('polls.announceNew', { question: pickLocalized(poll.question, lang, state.languages).text }));
        } else if (e.type === 'questionnaire:opened') {
          const q = (e.data as { questionnaire: Questionnaire }).questionnaire;
          if (ownEach(state.polls, q.pollIds).some((p) => pollTargetsRoom(state, p, me.roomId))) announce(t('polls.announceQuestionnaire', { title: q.title }));
        }
      }),
    [conn, lang, t],
  );
}
