import { useState } from 'react';
import type { Ballot, Poll } from '../../../../shared/domain/polls/schemas.js';
import { POLL_LIMITS } from '../../../../shared/domain/polls/limits.js';
import { pickLocalized, useI18n } from '../../i18n/i18n.js';
import { optionLabels } from './ResultsView.js';
import { PollText } from './localized.js';

/** One form per poll kind; every input has a label and a 44px target (see styles). */
export function VoteForm({ poll, languages, initial, onSubmit }: { poll: Poll; languages: readonly string[]; initial: Ballot | null; onSubmit: (b: Ballot) => void }) {
  const { t, lang } = useI18n();
  const labels = optionLabels(poll, t, lang, languages);
  const columns = (poll.columns ?? []).map((c) => pickLocalized(c, lang, languages).text);
  const [choices, setChoices] = useState<number[]>(initial && 'choices' in initial ? initial.choices : []);
  const [value, setValue] = useState<number | null>(initial && 'value' in initial ? initial.value : null);
  const [ranking, setRanking] = useState<number[]>(initial && 'ranking' in initial ? initial.ranking : poll.options.map((_, i) => i));
  const [text, setText] = useState(initial && 'text' in initial ? initial.text : '');
  // A ranking is sent only once the person put it in their order, or said they keep the order shown: the
  // options' listed order must never count as somebody's opinion by default.
  const [ranked, setRanked] = useState(initial !== null);
  const [cell, setCell] = useState<[number, number] | null>(initial && 'cell' in initial ? initial.cell : null);
  const [comment, setComment] = useState(initial && 'cell' in initial ? (initial.comment ?? '') : '');
  const multi = poll.kind === 'multiple';
  const max = poll.maxChoices ?? poll.options.length;
  const name = `poll-${poll.id}`;

  const ballot = (): Ballot | null => {
    if (poll.kind === 'scale') return value === null ? null : { value };
    if (poll.kind === 'ranking') return ranked ? { ranking } : null;
    if (poll.kind === 'open') return text.trim() ? { text: text.trim() } : null;
    if (poll.kind === 'grid') return cell ? (comment.trim() ? { cell, comment: comment.trim() } : { cell }) : null;
    return choices.length ? { choices } : null;
  };
  const move = (pos: number, d: -1 | 1) => {
    const next = [...ranking];
    [next[pos], next[pos + d]] = [next[pos + d], next[pos]];
    setRanking(next);
    setRanked(true);
  };
  const ready = ballot();

  return (
    <form
      className="vote-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) onSubmit(ready);
      }}
    >
      <fieldset>
        <legend>
          <PollText value={poll.question} languages={languages} />
        </legend>
        {multi && <p className="hint">{t('polls.chooseUpTo', { n: max })}</p>}
        {(poll.kind === 'single' || poll.kind === 'yesno' || poll.kind === 'multiple') &&
          labels.map((label, i) => (
            <label key={i} className="choice">
              <input
                type={multi ? 'checkbox' : 'radio'}
                name={name}
                checked={choices.includes(i)}
                disabled={multi && !choices.includes(i) && choices.length >= max}
                onChange={() => setChoices(multi ? (choices.includes(i) ? choices.filter((c) => c !== i) : [...choices, i]) : [i])}
              />
              <bdi>{label}</bdi>
            </label>
          ))}
        {poll.kind === 'scale' &&
          labels.map((label, i) => (
            <label key={i} className="choice">
              <input type="radio" name={name} checked={value === poll.min + i} onChange={() => setValue(poll.min + i)} />
              <bdi>{label}</bdi>
            </label>
          ))}
        {poll.kind === 'ranking' && (
          <>
            <p className="hint">{t('polls.rankHint')}</p>
            <ol className="ranking">
              {ranking.map((opt, pos) => (
                <li key={opt}>
                  <span className="rank" aria-hidden="true">
                    {pos + 1}
                  </span>
                  <bdi>{labels[opt]}</bdi>
                  <button type="button" disabled={pos === 0} onClick={() => move(pos, -1)} aria-label={t('polls.moveUp', { option: labels[opt] })}>
                    ↑
                  </button>
                  <button type="button" disabled={pos === ranking.length - 1} onClick={() => move(pos, 1)} aria-label={t('polls.moveDown', { option: labels[opt] })}>
                    ↓
                  </button>
                </li>
              ))}
            </ol>
            <label className="choice keep-order">
              <input type="checkbox" checked={ranked} onChange={(e) => setRanked(e.target.checked)} /> {t('polls.keepOrder')}
            </label>
            {!ranked && <p className="hint">{t('polls.reorderFirst')}</p>}
          </>
        )}
        {poll.kind === 'open' && (
          <label className="open-answer">
            {t('polls.yourAnswer')}
            <input type="text" maxLength={POLL_LIMITS.openTextLength} value={text} onChange={(e) => setText(e.target.value)} />
          </label>
        )}
        {poll.kind === 'grid' && (
          <>
            <p className="hint">{t('polls.gridHint')}</p>
            {/* One radio group over every cell (one cross in all), shown row by row so it fits a narrow phone. */}
            {labels.map((row, r) => (
              <fieldset key={r} className="grid-row">
                <legend>
                  <bdi>{row}</bdi>
                </legend>
                {columns.map((col, c) => (
                  <label key={c} className="choice">
                    <input type="radio" name={name} checked={!!cell && cell[0] === r && cell[1] === c} onChange={() => setCell([r, c])} />
                    <bdi>{col}</bdi>
                  </label>
                ))}
              </fieldset>
            ))}
            <label className="open-answer">
              {t('polls.gridComment')}
              <input type="text" maxLength={POLL_LIMITS.openTextLength} value={comment} onChange={(e) => setComment(e.target.value)} />
            </label>
          </>
        )}
      </fieldset>
      <button type="submit" disabled={!ready}>
        {initial ? t('polls.change') : t('polls.send')}
      </button>
    </form>
  );
}
