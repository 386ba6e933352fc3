import { useState } from 'react';
import type { Ballot, Poll } from '../../../../shared/domain/polls/schemas.js';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { own, ownEach } from '../../../../shared/domain/keyed.js';
import { QuestionnaireRunner } from './QuestionnaireRunner.js';
import { VoteForm } from './VoteForm.js';
import { PollText } from './localized.js';
import './polls.css';

/**
 * "Entered for a participant without a device": a moderator or facilitator types in a paper questionnaire (or
 * one poll answer) from their own phone or console. Each saved form is one new anonymous onsite respondent on
 * the server, shown in the results as "entered by a helper". The form steps through the questions like a
 * phone does (conditional questions appear as the paper's answers show them) and is sent once, whole.
 */
export function HelperEntry({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const [answers, setAnswers] = useState<Record<string, Ballot>>(() => Object.create(null));
  const [round, setRound] = useState(0);
  const [status, setStatus] = useState('');
  const me = conn.personId ? own(state.people, conn.personId) : null;
  if (!me || (me.role !== 'moderator' && me.role !== 'facilitator')) return null;
  const questionnaires = ownEach(state.questionnaires, state.questionnaireOrder).filter((q) => q.status === 'open');
  const singles = ownEach(state.polls, state.pollOrder).filter((p) => p.status === 'open' && !p.questionnaireId);
  if (!questionnaires.length && !singles.length) return null;

  const done = (n: number) => {
    setStatus(t('helper.saved', { n }));
    setAnswers(Object.create(null));
    setRound((r) => r + 1);
  };
  const refused = (code: string) => setStatus(t('helper.refused', { code }));

  return (
    <section className="card polls helper-entry" aria-labelledby="helper-entry-title">
      <h2 id="helper-entry-title">{t('helper.title')}</h2>
      <p className="hint">{t('helper.hint')}</p>
      {questionnaires.map((q) => {
        const polls = q.pollIds.map((id) => own(state.polls, id)).filter((p): p is Poll => !!p && p.status === 'open');
        const filled = Object.keys(answers).filter((id) => q.pollIds.includes(id));
        return (
          <div key={`${q.id}-${round}`} data-testid="helper-questionnaire">
            <QuestionnaireRunner
              questionnaire={q}
              languages={state.languages}
              offline={false}
              polls={polls}
              saved={(id) => answers[id] ?? null}
              onVote={async (poll, b) => {
                setAnswers((prev) => Object.assign(Object.create(null), prev, { [poll.id]: b }));
                return true;
              }}
            />
            <button
              type="button"
              disabled={filled.length === 0}
              onClick={async () => {
                const res = await conn.request('polls:enterPaperQuestionnaire', { questionnaireId: q.id, answers: filled.map((pollId) => ({ pollId, ballot: answers[pollId] })) });
                if (res.ok) done(filled.length);
                else refused(res.error.code);
              }}
            >
              {t('helper.saveForm', { n: filled.length })}
            </button>
          </div>
        );
      })}
      {singles.map((p) => (
        <details key={`${p.id}-${round}`}>
          <summary>
            <PollText value={p.question} languages={state.languages} />
          </summary>
          <VoteForm
            poll={p}
            languages={state.languages}
            initial={null}
            onSubmit={async (ballot) => {
              const res = await conn.request('polls:enterForParticipant', { pollId: p.id, ballot });
              if (res.ok) done(1);
              else refused(res.error.code);
            }}
          />
        </details>
      ))}
      <p role="status" data-testid="helper-status">
        {status}
      </p>
    </section>
  );
}
