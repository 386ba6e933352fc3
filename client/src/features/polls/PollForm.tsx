import { useState } from 'react';
import type { PollInput } from '../../../../shared/domain/polls/schemas.js';
import { POLL_LIMITS } from '../../../../shared/domain/polls/limits.js';
import type { SessionState } from '../../../../shared/domain/state.js';
import { useI18n } from '../../i18n/i18n.js';
import { own } from '../../../../shared/domain/keyed.js';

type Kind = PollInput['kind'];
const KINDS: Kind[] = ['single', 'multiple', 'scale', 'yesno', 'ranking', 'open', 'grid'];

interface Texts {
  question: string;
  options: string;
  columns?: string;
  minLabel: string;
  maxLabel: string;
}
const EMPTY: Texts = { question: '', options: '', minLabel: '', maxLabel: '' };

/** "Français", "English": a language's own name, for the fieldset of its texts. */
function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** One text per language ({ en, fr }), empty ones left out; a plain string when the session has one language. */
function localized(langs: readonly string[], pick: (l: string) => string): string | Record<string, string> {
  if (langs.length === 1) return pick(langs[0]).trim();
  return Object.fromEntries(langs.map((l) => [l, pick(l).trim()] as const).filter(([, v]) => v.length > 0));
}

const lines = (text: string) => text.split('\n').map((o) => o.trim());

/**
 * A moderator's form to prepare a poll on the fly (templates come from the demo questionnaires). With several
 * session languages, the question, options and scale labels are written once per language (the first one is
 * required, the others optional: a person whose language is missing reads the first); option lines match by
 * position.
 */
export function PollForm({ state, onCreate }: { state: SessionState; onCreate: (poll: Record<string, unknown>) => void }) {
  const { t } = useI18n();
  const langs = state.languages.length ? state.languages : ['en'];
  const [kind, setKind] = useState<Kind>('single');
  const [texts, setTexts] = useState<Record<string, Texts>>({});
  const [maxChoices, setMaxChoices] = useState(2);
  const [min, setMin] = useState(1);
  const [max, setMax] = useState(5);
  const [target, setTarget] = useState('plenary');
  const [visibility, setVisibility] = useState<'live' | 'afterClose' | 'never'>('live');
  const needsOptions = kind === 'single' || kind === 'multiple' || kind === 'ranking' || kind === 'grid';
  const textOf = (l: string) => texts[l] ?? EMPTY;
  const setText = (l: string, field: keyof Texts, value: string) => setTexts((prev) => ({ ...prev, [l]: { ...(prev[l] ?? EMPTY), [field]: value } }));

  const submit = () => {
    // The first language decides how many options there are; blank lines are dropped there.
    const optionLines = Object.fromEntries(langs.map((l) => [l, lines(textOf(l).options)]));
    const positions = optionLines[langs[0]].map((o, i) => (o ? i : -1)).filter((i) => i >= 0);
    const opts = positions.map((i) => localized(langs, (l) => optionLines[l][i] ?? ''));
    const columnLines = Object.fromEntries(langs.map((l) => [l, lines(textOf(l).columns ?? '')]));
    const columnPositions = columnLines[langs[0]].map((o, i) => (o ? i : -1)).filter((i) => i >= 0);
    const columns = columnPositions.map((i) => localized(langs, (l) => columnLines[l][i] ?? ''));
    onCreate({
      kind,
      question: localized(langs, (l) => textOf(l).question),
      ...(needsOptions ? { options: opts } : {}),
      ...(kind === 'grid' ? { columns } : {}),
      ...(kind === 'multiple' ? { maxChoices: Math.min(maxChoices, opts.length) } : {}),
      ...(kind === 'scale' ? { min, max, minLabel: localized(langs, (l) => textOf(l).minLabel), maxLabel: localized(langs, (l) => textOf(l).maxLabel) } : {}),
      target: target === 'plenary' ? { kind: 'plenary' } : target === 'breakouts' ? { kind: 'breakouts' } : { kind: 'room', roomId: target },
      resultsVisibility: visibility,
    });
    setTexts({});
  };

  /** The texts people read, in one language. */
  const textFields = (l: string, first: boolean) => (
    <>
      <label>
        {t('polls.question')}
        <input required={first} maxLength={POLL_LIMITS.questionLength} lang={l} value={textOf(l).question} onChange={(e) => setText(l, 'question', e.target.value)} />
      </label>
      {needsOptions && (
        <label>
          {kind === 'grid' ? t('polls.rows') : t('polls.options')}
          <textarea required={first} rows={4} lang={l} value={textOf(l).options} onChange={(e) => setText(l, 'options', e.target.value)} />
        </label>
      )}
      {kind === 'grid' && (
        <label>
          {t('polls.columns')}
          <textarea required={first} rows={3} lang={l} value={textOf(l).columns ?? ''} onChange={(e) => setText(l, 'columns', e.target.value)} />
        </label>
      )}
      {kind === 'scale' && (
        <>
          <label>
            {t('polls.scaleMinLabel')}
            <input maxLength={POLL_LIMITS.scaleLabelLength} lang={l} value={textOf(l).minLabel} onChange={(e) => setText(l, 'minLabel', e.target.value)} />
          </label>
          <label>
            {t('polls.scaleMaxLabel')}
            <input maxLength={POLL_LIMITS.scaleLabelLength} lang={l} value={textOf(l).maxLabel} onChange={(e) => setText(l, 'maxLabel', e.target.value)} />
          </label>
        </>
      )}
    </>
  );

  return (
    <form
      className="poll-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label>
        {t('polls.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`polls.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {kind === 'multiple' && (
        <label>
          {t('polls.maxChoices')}
          <input type="number" min={1} max={POLL_LIMITS.maxOptions} value={maxChoices} onChange={(e) => setMaxChoices(Number(e.target.value))} />
        </label>
      )}
      {kind === 'scale' && (
        <div className="row">
          <label>
            {t('polls.scaleMin')}
            <input type="number" min={-10} max={10} value={min} onChange={(e) => setMin(Number(e.target.value))} />
          </label>
          <label>
            {t('polls.scaleMax')}
            <input type="number" min={-10} max={10} value={max} onChange={(e) => setMax(Number(e.target.value))} />
          </label>
        </div>
      )}
      {langs.length === 1
        ? textFields(langs[0], true)
        : langs.map((l, i) => (
            <fieldset key={l} className="poll-language" data-lang={l}>
              <legend lang={l}>{languageName(l)}</legend>
              {textFields(l, i === 0)}
            </fieldset>
          ))}
      <label>
        {t('polls.target')}
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="plenary">{t('polls.target.plenary')}</option>
          <option value="breakouts">{t('polls.target.breakouts')}</option>
          {state.roomOrder
            .filter((id) => own(state.rooms, id)?.kind === 'breakout')
            .map((id) => (
              <option key={id} value={id}>
                {own(state.rooms, id)?.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t('polls.visibility')}
        <select value={visibility} onChange={(e) => setVisibility(e.target.value as typeof visibility)}>
          <option value="live">{t('polls.visibility.live')}</option>
          <option value="afterClose">{t('polls.visibility.afterClose')}</option>
          <option value="never">{t('polls.visibility.never')}</option>
        </select>
      </label>
      <button type="submit">{t('polls.create')}</button>
    </form>
  );
}
