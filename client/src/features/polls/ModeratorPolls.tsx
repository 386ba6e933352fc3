import { useState } from 'react';
import type { Poll, PollInput } from '../../../../shared/domain/polls/schemas.js';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { PollForm } from './PollForm.js';
import { ResultsView, optionLabels } from './ResultsView.js';
import { PollText } from './localized.js';
import { resultsFor, useLiveResults } from './useLiveResults.js';
import { own, ownEach } from '../../../../shared/domain/keyed.js';
import { ShowOfHandsGrid } from './ShowOfHandsGrid.js';
import { QuestionnaireDraft } from './QuestionnaireDraft.js';

/** A poll's definition as a new draft: "duplicate", or reuse one from another part of the day. */
export function asDraft(poll: Poll): PollInput {
  return {
    kind: poll.kind,
    question: poll.question,
    options: poll.kind === 'yesno' ? [] : poll.options,
    maxChoices: poll.maxChoices,
    min: poll.min,
    max: poll.max,
    minLabel: poll.minLabel,
    maxLabel: poll.maxLabel,
    target: poll.target,
    resultsVisibility: poll.resultsVisibility,
  };
}

/** Moderators prepare, open and close polls and questionnaires, enter the hall's show of hands, and watch results. */
export function ModeratorPolls({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const { live, progress } = useLiveResults(conn);
  const [notice, setNotice] = useState('');
  const report = (res: { ok: boolean; error?: { message: string } }) => setNotice(res.ok ? t('polls.done') : (res.error?.message ?? ''));
  const single = ownEach(state.polls, state.pollOrder).filter((p) => p && !p.questionnaireId);
  // Running polls first, then the prepared drafts, then the finished ones folded (newest first).
  const running = single.filter((p) => p.status === 'open');
  const drafts = single.filter((p) => p.status === 'draft');
  const finished = single.filter((p) => p.status === 'closed').reverse();

  return (
    <section className="polls moderator-polls" aria-labelledby="mpolls-title">
      <h2 id="mpolls-title">{t('polls.title')}</h2>
      <p role="status" aria-live="polite">
        {notice}
      </p>
      <details>
        <summary>{t('polls.new')}</summary>
        <PollForm state={state} onCreate={(poll) => void conn.request('polls:create', { poll } as never).then(report)} />
      </details>
      <details data-testid="console-new-questionnaire">
        <summary>{t('polls.buildQuestionnaire')}</summary>
        <QuestionnaireDraft state={state} conn={conn} report={report} />
      </details>
      {[...running, ...drafts].map((p) => (
        <PollControls key={p.id} state={state} conn={conn} poll={p} live={live} report={report} />
      ))}
      {finished.length > 0 && (
        // Each finished poll folded on its own line: its results and Duplicate are two clicks away (tab, line).
        <div className="finished-polls" data-testid="finished-polls">
          <h3>{t('polls.finished', { n: finished.length })}</h3>
          {finished.map((p) => (
            <details key={p.id} className="finished-poll">
              <summary>
                <PollText value={p.question} languages={state.languages} /> · {t(`polls.kind.${p.kind}`)} · {t('console.answersShort', { n: resultsFor(state, live, p.id)?.overall.n ?? 0 })}
              </summary>
              <PollControls state={state} conn={conn} poll={p} live={live} report={report} />
            </details>
          ))}
        </div>
      )}
      {state.questionnaireOrder.map((qid) => {
        const q = own(state.questionnaires, qid);
        if (!q) return null;
        const prog = own(progress, qid);
        return (
          <article key={qid} className="questionnaire">
            <h3>
              {t('polls.questionnaire')}: {q.title} · {t(`polls.status.${q.status}`)}
            </h3>
            {prog && <p role="status">{t('polls.progress', { finished: prog.finished, started: prog.started })}</p>}
            {q.status === 'draft' && (
              <button type="button" onClick={() => void conn.request('polls:openQuestionnaire', { questionnaireId: qid }).then(report)}>
                {t('polls.openQuestionnaire')}
              </button>
            )}
            {q.status === 'open' && (
              <button type="button" onClick={() => void conn.request('polls:closeQuestionnaire', { questionnaireId: qid }).then(report)}>
                {t('polls.closeQuestionnaire')}
              </button>
            )}
            <details>
              <summary>{t('polls.questions', { n: q.pollIds.length })}</summary>
              {ownEach(state.polls, q.pollIds).map((poll) => <PollControls key={poll.id} state={state} conn={conn} poll={poll} live={live} report={report} inQuestionnaire />)}
            </details>
          </article>
        );
      })}
    </section>
  );
}

function PollControls(props: {
  state: SessionState;
  conn: SessionConnection;
  poll: Poll;
  live: ReturnType<typeof useLiveResults>['live'];
  report: (r: { ok: boolean; error?: { message: string } }) => void;
  inQuestionnaire?: boolean;
}) {
  const { state, conn, poll, live, report } = props;
  const { t, lang } = useI18n();
  const results = resultsFor(state, live, poll.id);
  const handsAllowed = poll.kind !== 'open' && poll.kind !== 'ranking' && poll.status !== 'draft';
  const [hands, setHands] = useState(false);
  const duplicate = () => void conn.request('polls:create', { poll: asDraft(poll) } as never).then(report);
  return (
    <article className="poll-card">
      <h3>
        <PollText value={poll.question} languages={state.languages} /> · {t(`polls.kind.${poll.kind}`)} · {t(`polls.status.${poll.status}`)}
      </h3>
      <div className="actions">
        {poll.status === 'draft' && !props.inQuestionnaire && (
          <>
            <button type="button" className="launch" data-testid="poll-launch" onClick={() => void conn.request('polls:open', { pollId: poll.id, durationSec: null }).then(report)}>
              {t('polls.launch')}
            </button>
            <button type="button" onClick={() => void conn.request('polls:open', { pollId: poll.id, durationSec: 120 }).then(report)}>
              {t('polls.openTimed')}
            </button>
            <button type="button" className="danger" onClick={() => void conn.request('polls:delete', { pollId: poll.id }).then(report)}>
              {t('polls.delete')}
            </button>
          </>
        )}
        {poll.status === 'open' && poll.deadline && <span>{t('polls.closesAt', { time: new Date(poll.deadline).toLocaleTimeString() })}</span>}
        {poll.status === 'open' && !props.inQuestionnaire && (
          <button type="button" onClick={() => void conn.request('polls:close', { pollId: poll.id }).then(report)}>
            {t('polls.close')}
          </button>
        )}
        {handsAllowed && (
          <button type="button" aria-expanded={hands} onClick={() => setHands(!hands)}>
            {t('polls.enterHands')}
          </button>
        )}
        {!props.inQuestionnaire && (
          <button type="button" data-testid="poll-duplicate" onClick={duplicate}>
            {t('polls.duplicate')}
          </button>
        )}
        <label>
          {t('polls.visibility')}
          <select
            value={poll.resultsVisibility}
            onChange={(e) => void conn.request('polls:setVisibility', { pollId: poll.id, resultsVisibility: e.target.value as Poll['resultsVisibility'] }).then(report)}
          >
            <option value="live">{t('polls.visibility.live')}</option>
            <option value="afterClose">{t('polls.visibility.afterClose')}</option>
            <option value="never">{t('polls.visibility.never')}</option>
          </select>
        </label>
      </div>
      {hands && handsAllowed && <ShowOfHandsGrid state={state} conn={conn} poll={poll} onDone={report} />}
      {results && (
        <ResultsView
          state={state}
          poll={poll}
          results={results}
          onHide={poll.kind === 'open' || poll.kind === 'grid' ? (answerId) => void conn.request('polls:hideAnswer', { pollId: poll.id, answerId, hidden: true }).then(report) : undefined}
        />
      )}
    </article>
  );
}
