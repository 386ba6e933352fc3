import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { ResultsView } from './ResultsView.js';
import { PollText } from './localized.js';
import { resultsFor, useLiveResults } from './useLiveResults.js';
import { own, ownEach } from '../../../../shared/domain/keyed.js';

/** Observers and the projector: the results of open and closed polls, live. Read-only. */
export function ResultsPanel({ state, conn, large = false }: { state: SessionState; conn: SessionConnection; large?: boolean }) {
  const { t } = useI18n();
  const { live } = useLiveResults(conn);
  const polls = ownEach(state.polls, state.pollOrder).filter((p) => p && p.status !== 'draft');
  // The projector shows only the open polls (or the last closed one), big.
  const shown = large ? (polls.some((p) => p.status === 'open') ? polls.filter((p) => p.status === 'open') : polls.slice(-1)) : polls;
  if (!shown.length) return null;
  return (
    <section className={`polls results-panel${large ? ' large' : ''}`} aria-labelledby="rpanel-title">
      <h2 id="rpanel-title">{t('polls.results')}</h2>
      {shown.map((p) => {
        const r = resultsFor(state, live, p.id);
        return (
          <article key={p.id} className="poll-card">
            <h3>
              <PollText value={p.question} languages={state.languages} /> · {t(`polls.status.${p.status}`)}
            </h3>
            {r ? <ResultsView state={state} poll={p} results={r} detailed={!large} /> : <p>{t('polls.noResults')}</p>}
          </article>
        );
      })}
    </section>
  );
}
