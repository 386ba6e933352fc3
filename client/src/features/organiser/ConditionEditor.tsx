import { pickLocalized, useI18n } from '../../i18n/i18n.js';
import { CONDITION_KINDS } from '../../../../shared/domain/polls/conditions.js';
import { draftOptions, type DraftQuestion } from './QuestionnaireBuilder.js';

/**
 * "Show this question only when question N was one of …": only earlier single, multiple and yes/no questions
 * are offered (the server refuses anything else), and their options as the organiser wrote them so far.
 */
export function ConditionEditor(props: {
  question: DraftQuestion;
  earlier: DraftQuestion[];
  n: number;
  languages: string[];
  onChange(showIf: DraftQuestion['showIf']): void;
}) {
  const { t, lang } = useI18n();
  const { question: q, languages } = props;
  const candidates = props.earlier.map((e, i) => ({ e, n: i + 1 })).filter(({ e }) => CONDITION_KINDS.has(e.kind));
  if (candidates.length === 0) return null;
  const on = candidates.find(({ e }) => e.key === q.showIf?.key);
  const labels = on ? (on.e.kind === 'yesno' ? [t('polls.yes'), t('polls.no')] : draftOptions(on.e, languages).map((o) => pickLocalized(o, lang, languages).text)) : [];
  const chosen = q.showIf?.options ?? [];
  return (
    <div className="org-condition" data-testid="org-condition">
      <label className="field">
        <span>{t('org.showIf')}</span>
        <select
          value={on ? String(on.e.key) : ''}
          onChange={(e) => props.onChange(e.target.value ? { key: Number(e.target.value), options: [] } : undefined)}
          data-testid="org-showif"
        >
          <option value="">{t('org.showIf.always')}</option>
          {candidates.map(({ e, n }) => (
            <option key={e.key} value={String(e.key)}>
              {t('org.showIf.after', { n })} {pickLocalized(e.question, lang, languages).text.slice(0, 40)}
            </option>
          ))}
        </select>
      </label>
      {on && (
        <fieldset className="field">
          <legend>{t('org.showIf.options', { n: on.n })}</legend>
          {labels.map((label, i) => (
            <label key={i} className="field check">
              <input
                type="checkbox"
                checked={chosen.includes(i)}
                onChange={(e) => props.onChange({ key: on.e.key, options: e.target.checked ? [...chosen, i].sort((a, b) => a - b) : chosen.filter((o) => o !== i) })}
                data-testid="org-showif-option"
              />
              <span>
                {i + 1}. <bdi>{label}</bdi>
              </span>
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
