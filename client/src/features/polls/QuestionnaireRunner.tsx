import { useState } from 'react';
import type { Ballot, Poll, Questionnaire } from '../../../../shared/domain/polls/schemas.js';
import { useI18n } from '../../i18n/i18n.js';
import { VoteForm } from './VoteForm.js';
import { shownPolls } from '../../../../shared/domain/polls/conditions.js';

/** An individual questionnaire on a phone: one question at a time, at the person's own pace. */
export function QuestionnaireRunner(props: {
  questionnaire: Questionnaire;
  languages: readonly string[];
  /** While the link is down or the outbox already waits (a stalled store), a vote only waits in the outbox: move on at once rather than wait for its ack. */
  offline: boolean;
  polls: Poll[];
  saved: (pollId: string) => Ballot | null;
  onVote: (poll: Poll, ballot: Ballot) => Promise<boolean>;
}) {
  const { t, tp } = useI18n();
  const { saved } = props;
  // Conditional questions appear once the earlier answer they depend on shows them (the server refuses the rest).
  const polls = shownPolls(props.polls, saved);
  const firstOpen = Math.max(0, polls.findIndex((p) => !saved(p.id)));
  const [index, setIndex] = useState(firstOpen);
  const i = Math.min(index, polls.length - 1);
  const poll = polls[i];
  const answered = polls.filter((p) => saved(p.id)).length;
  if (!poll) return null;
  return (
    <article className="poll-card questionnaire-runner" aria-label={props.questionnaire.title}>
      <h3>{props.questionnaire.title}</h3>
      <p role="status">
        {t('polls.questionOf', { n: i + 1, total: polls.length })} · {tp('polls.nQuestionsAnswered', polls.length, { done: answered })}
      </p>
      <VoteForm
        key={poll.id}
        poll={poll}
        languages={props.languages}
        initial={saved(poll.id)}
        onSubmit={(b) => {
          const next = () => i < polls.length - 1 && setIndex(i + 1);
          const sent = props.onVote(poll, b);
          if (props.offline) next();
          else void sent.then((ok) => ok && next());
        }}
      />
      <div className="actions">
        <button type="button" disabled={i === 0} onClick={() => setIndex(i - 1)}>
          {t('polls.previous')}
        </button>
        <button type="button" disabled={i === polls.length - 1} onClick={() => setIndex(i + 1)}>
          {t('polls.next')}
        </button>
      </div>
      {answered === polls.length && <p className="voted">✓ {t('polls.allDone')}</p>}
    </article>
  );
}
