import './polls.css';
import type { Poll, Results, Series } from '../../../../shared/domain/polls/schemas.js';
import type { SessionState } from '../../../../shared/domain/state.js';
import { pickLocalized, useI18n } from '../../i18n/i18n.js';
import { localizedOptions } from './localized.js';
import { own } from '../../../../shared/domain/keyed.js';

/** Option labels in the person's language (`languages`: the session's, as fallbacks for per-language texts). */
export function optionLabels(poll: Poll, t: ReturnType<typeof useI18n>['t'], lang: string, languages: readonly string[]): string[] {
  if (poll.kind === 'yesno') return [t('polls.yes'), t('polls.no')];
  if (poll.kind === 'scale') {
    const minLabel = pickLocalized(poll.minLabel, lang, languages).text;
    const maxLabel = pickLocalized(poll.maxLabel, lang, languages).text;
    return Array.from({ length: poll.max - poll.min + 1 }, (_, i) => {
      const v = poll.min + i;
      const end = v === poll.min && minLabel ? ` (${minLabel})` : v === poll.max && maxLabel ? ` (${maxLabel})` : '';
      return `${v}${end}`;
    });
  }
  return localizedOptions(poll, lang, languages);
}

/**
 * Bars with the number and percentage written out, so nothing is told by colour or length alone. A ranking's
 * options are listed best first (lowest average rank); with no answers there is no rank to show.
 */
function Bars({ poll, series, title, languages }: { poll: Poll; series: Series; title: string; languages: readonly string[] }) {
  const { t, tp, lang } = useI18n();
  const labels = optionLabels(poll, t, lang, languages);
  const ranks = poll.kind === 'ranking' && series.meanRanks ? series.meanRanks : null;
  const order = labels.map((_, i) => i);
  if (ranks && series.n > 0) order.sort((a, b) => (ranks[a] ?? Infinity) - (ranks[b] ?? Infinity) || a - b);
  return (
    <figure className="poll-series">
      <figcaption>
        {title} · {tp('polls.nAnswers', series.n)}
        {series.mean !== null && series.n > 0 && ` · ${t('polls.mean', { mean: series.mean })}`}
      </figcaption>
      <ul>
        {order.map((i) => (
          <li key={i}>
            <bdi className="poll-label">{labels[i]}</bdi>
            <span className="poll-bar" aria-hidden="true" style={{ width: `${Math.min(100, series.percents[i] ?? 0)}%` }} />
            <span className="poll-value">
              {ranks
                ? series.n > 0
                  ? t('polls.meanRank', { rank: ranks[i] })
                  : t('polls.noAnswersYet')
                : <bdi dir="ltr">{`${series.counts[i] ?? 0} (${series.percents[i] ?? 0}%)`}</bdi>}
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/**
 * A grid poll's results: the rows × columns table with each cell's count written in it and shaded by its share
 * (darker = more crosses), so the number is read, not guessed from a colour.
 */
function HeatMap({ poll, series, title, languages }: { poll: Poll; series: Series; title: string; languages: readonly string[] }) {
  const { t, lang } = useI18n();
  const rows = optionLabels(poll, t, lang, languages);
  const cols = (poll.columns ?? []).map((c) => pickLocalized(c, lang, languages).text);
  const max = Math.max(1, ...series.counts);
  return (
    <figure className="poll-series poll-heatmap">
      <figcaption>
        {title} · {t('polls.count', { n: series.n })}
      </figcaption>
      <table>
        <thead>
          <tr>
            <td />
            {cols.map((c, j) => (
              <th key={j} scope="col">
                <bdi>{c}</bdi>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <th scope="row">
                <bdi>{r}</bdi>
              </th>
              {cols.map((_, j) => {
                const n = series.counts[i * cols.length + j] ?? 0;
                const share = n / max;
                return (
                  <td key={j} className={share > 0.55 ? 'hot' : undefined} style={{ background: `rgba(26, 95, 180, ${(0.08 + 0.82 * share).toFixed(2)})` }}>
                    {n}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function ResultsView({
  state,
  poll,
  results,
  detailed = true,
  onHide,
}: {
  state: SessionState;
  poll: Poll;
  results: Results;
  detailed?: boolean;
  onHide?: (answerId: string) => void;
}) {
  const { t, tp } = useI18n();
  return (
    <div className="poll-results" aria-live="polite">
      <p className="poll-status">{results.final ? t('polls.final') : t('polls.live')}</p>
      {poll.kind === 'grid' && (
        <>
          <HeatMap languages={state.languages} poll={poll} series={results.overall} title={t('polls.devices')} />
          {detailed && (
            <details>
              <summary>{t('polls.breakdown')}</summary>
              <HeatMap languages={state.languages} poll={poll} series={results.byModality.onsite} title={t('polls.onsite')} />
              <HeatMap languages={state.languages} poll={poll} series={results.byModality.online} title={t('polls.online')} />
            </details>
          )}
          {results.open && results.open.answers.length > 0 && (
            <ul className="poll-answers" aria-label={t('polls.gridComments')}>
              {results.open.answers.map((a, i) => (
                <li key={`${a.id}-${i}`}>
                  {a.text}
                  {onHide && (
                    <button type="button" onClick={() => onHide(a.id)}>
                      {t('polls.hide')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {poll.kind === 'grid' ? null : results.open ? (
        <>
          <ul className="poll-words" aria-label={t('polls.words')}>
            {results.open.words.slice(0, 20).map((w) => (
              <li key={w.word} style={{ fontSize: `${1 + Math.min(1.5, w.count / 5)}em` }}>
                <bdi>{w.word}</bdi> <small>({w.count})</small>
              </li>
            ))}
          </ul>
          <ul className="poll-answers" aria-label={t('polls.answers')}>
            {results.open.answers.map((a, i) => (
              <li key={`${a.id}-${i}`}>
                <bdi dir="auto">{a.text}</bdi>
                {onHide && (
                  <button type="button" onClick={() => onHide(a.id)}>
                    {t('polls.hide')}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {detailed && results.open.hiddenCount > 0 && <p>{tp('polls.nHidden', results.open.hiddenCount)}</p>}
        </>
      ) : (
        <>
          <Bars languages={state.languages} poll={poll} series={results.overall} title={t('polls.devices')} />
          {results.showOfHands && <Bars languages={state.languages} poll={poll} series={results.showOfHands} title={t('polls.hands')} />}
          {detailed && (
            <details>
              <summary>{t('polls.breakdown')}</summary>
              <Bars languages={state.languages} poll={poll} series={results.byModality.onsite} title={t('polls.onsite')} />
              <Bars languages={state.languages} poll={poll} series={results.byModality.online} title={t('polls.online')} />
              {results.byEntry && <Bars languages={state.languages} poll={poll} series={results.byEntry.helper} title={t('polls.byHelper')} />}
              {Object.keys(results.byRoom).length > 1 &&
                Object.entries(results.byRoom).map(([roomId, s]) => <Bars key={roomId} languages={state.languages} poll={poll} series={s} title={own(state.rooms, roomId)?.name ?? roomId} />)}
            </details>
          )}
        </>
      )}
    </div>
  );
}
