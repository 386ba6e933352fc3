import { useEffect, useState } from 'react';
import type { Ballot, Poll, Questionnaire } from '../../../../shared/domain/polls/schemas.js';
import { PLENARY_ID, type SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { pickLocalized, useI18n } from '../../i18n/i18n.js';
import { announce } from '../../components/Announcer.js';
import { ResultsView } from './ResultsView.js';
import { resultsFor, useLiveResults } from './useLiveResults.js';
import { VoteForm } from './VoteForm.js';
import { QuestionnaireRunner } from './QuestionnaireRunner.js';
import { PollText } from './localized.js';
import { own, ownEach } from '../../../../shared/domain/keyed.js';

/** Mirrors the server's target rule (server/capabilities/polls/rules.ts checkVoterTarget). */
export function targetsRoom(state: SessionState, poll: Poll, roomId: string): boolean {
  const t = poll.target;
  if (t.kind === 'plenary') return roomId === PLENARY_ID;
  if (t.kind === 'room') return roomId === t.roomId;
  return own(state.rooms, roomId)?.kind === 'breakout';
}

const storeKey = (pollId: string) => `dr:ballot:${pollId}`;
function savedBallot(pollId: string): Ballot | null {
  try {
    return JSON.parse(localStorage.getItem(storeKey(pollId)) ?? 'null') as Ballot | null;
  } catch {
    return null;
  }
}

/** The participant's polls: open ones to answer (questionnaires in order), and results they may see. */
export function ParticipantPolls({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t, lang } = useI18n();
  const { live } = useLiveResults(conn);
  const [, bump] = useState(0);
  const [notice, setNotice] = useState('');
  // A vote of this poll in the outbox that could not be sent yet (link down, or a stalled store): "waiting to be
  // sent". Read from the outbox itself, so it is still shown after a reload restored the vote from storage.
  const waitingVote = (pollId: string) => conn.outboxWaiting && conn.outbox.list().some((e) => e.name === 'polls:vote' && e.payload.pollId === pollId);
  useAnnounceNewPolls(conn, lang);
  const me = conn.personId ? own(state.people, conn.personId) : null;
  if (!me || (me.role !== 'participant' && me.role !== 'facilitator')) return null;
  const mine = ownEach(state.polls, state.pollOrder).filter((p) => p && p.status !== 'draft' && targetsRoom(state, p, me.roomId));
  // Questionnaire polls are answered one at a time in the runner; the others are shown as cards.
  const open = mine.filter((p) => p.status === 'open' && !(p.questionnaireId && own(state.questionnaires, p.questionnaireId)?.status === 'open'));
  const done = (p: Poll) => savedBallot(p.id) !== null;

  const vote = async (poll: Poll, ballot: Ballot): Promise<boolean> => {
    // Remembered at once (the outbox sends it when the link returns); restored if the server refuses it.
    const previous = localStorage.getItem(storeKey(poll.id));
    localStorage.setItem(storeKey(poll.id), JSON.stringify(ballot));
    bump((n) => n + 1);
    const offline = conn.status !== 'connected';
    setNotice(offline ? t('polls.savedOffline') : '');
    const res = await conn.request('polls:vote', { pollId: poll.id, ballot });
    if (res.ok) {
      setNotice(t('polls.saved'));
      return true;
    } else {
      if (previous === null) localStorage.removeItem(storeKey(poll.id));
      else localStorage.setItem(storeKey(poll.id), previous);
      bump((n) => n + 1);
      setNotice(t(`polls.error.${res.error.code === 'POLL_CLOSED' || res.error.code === 'INVALID_BALLOT' ? res.error.code : 'other'}`));
      return false;
    }
  };

  if (!mine.length) return null;
  return (
    <section className="polls" aria-labelledby="polls-title">
      <h2 id="polls-title">{t('polls.title')}</h2>
      <p role="status" aria-live="polite">
        {notice}
      </p>
      {ownEach(state.questionnaires, state.questionnaireOrder)
        .filter((q) => q.status === 'open')
        .map((q) => {
          const polls = ownEach(state.polls, q.pollIds).filter((p) => p.status === 'open' && targetsRoom(state, p, me.roomId));
          return polls.length ? <QuestionnaireRunner key={q.id} offline={conn.status !== 'connected' || conn.outboxWaiting} languages={state.languages} questionnaire={q} polls={polls} saved={savedBallot} onVote={vote} /> : null;
        })}
      {open.map((p) => (
        <article key={p.id} className="poll-card">
          <VoteForm languages={state.languages} poll={p} initial={savedBallot(p.id)} onSubmit={(b) => void vote(p, b)} />
          {waitingVote(p.id) ? (
            <p className="voted waiting" data-testid="vote-waiting">
              <span aria-hidden="true">⏳</span> {t('polls.waitingToSend')}
            </p>
          ) : (
            done(p) && <p className="voted">✓ {t('polls.voted')}</p>
          )}
          {p.resultsVisibility === 'live' && resultsFor(state, live, p.id) && <ResultsView state={state} poll={p} results={resultsFor(state, live, p.id)!} detailed={false} />}
        </article>
      ))}
      {mine
        .filter((p) => p.status === 'closed' && resultsFor(state, live, p.id) && p.resultsVisibility !== 'never')
        .map((p) => (
          <article key={p.id} className="poll-card closed">
            <h3>
              <PollText value={p.question} languages={state.languages} />
            </h3>
            <ResultsView state={state} poll={p} results={resultsFor(state, live, p.id)!} detailed={false} />
          </article>
        ))}
    </section>
  );
}

/**
 * Screen readers hear when a poll (or a questionnaire) opens for this person: the event carries the whole
 * definition, so the question is read in the person's language. A questionnaire is announced once, by its
 * title, on `questionnaire:opened` (logged after its polls' `poll:opened`; participants never saw the draft).
 */
function useAnnounceNewPolls(conn: SessionConnection, lang: string) {
  const { t } = useI18n();
  useEffect(
    () =>
      conn.onSessionEvent((e) => {
        const state = conn.state;
        const me = state && conn.personId ? own(state.people, conn.personId) : null;
        if (!state || !me || (me.role !== 'participant' && me.role !== 'facilitator')) return;
        if (e.type === 'poll:opened') {
          const poll = (e.data as { poll: Poll }).poll;
          if (!poll.questionnaireId && targetsRoom(state, poll, me.roomId)) announce(t('polls.announceNew', { question: pickLocalized(poll.question, lang, state.languages).text }));
        } else if (e.type === 'questionnaire:opened') {
          const q = (e.data as { questionnaire: Questionnaire }).questionnaire;
          if (ownEach(state.polls, q.pollIds).some((p) => targetsRoom(state, p, me.roomId))) announce(t('polls.announceQuestionnaire', { title: q.title }));
        }
      }),
    [conn, lang, t],
  );
}
