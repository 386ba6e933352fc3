import { useState } from 'react';
import type { PollInput } from '../../../../shared/domain/polls/schemas.js';
import type { SessionState } from '../../../../shared/domain/state.js';
import { useI18n } from '../../i18n/i18n.js';

type Kind = PollInput['kind'];
const KINDS: Kind[] = ['single', 'multiple', 'scale', 'yesno', 'ranking', 'open'];

/** A moderator's form to prepare a poll on the fly (templates come from the demo questionnaires). */
export function PollForm({ state, onCreate }: { state: SessionState; onCreate: (poll: Record<string, unknown>) => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<Kind>('single');
  const [question, setQuestion] = useState('');
  const [options, setOptions] = useState('');
  const [maxChoices, setMaxChoices] = useState(2);
  const [min, setMin] = useState(1);
  const [max, setMax] = useState(5);
  const [minLabel, setMinLabel] = useState('');
  const [maxLabel, setMaxLabel] = useState('');
  const [target, setTarget] = useState('plenary');
  const [visibility, setVisibility] = useState<'live' | 'afterClose' | 'never'>('live');
  const needsOptions = kind === 'single' || kind === 'multiple' || kind === 'ranking';

  const submit = () => {
    const opts = options.split('\n').map((o) => o.trim()).filter(Boolean);
    onCreate({
      kind,
      question: question.trim(),
      ...(needsOptions ? { options: opts } : {}),
      ...(kind === 'multiple' ? { maxChoices: Math.min(maxChoices, opts.length) } : {}),
      ...(kind === 'scale' ? { min, max, minLabel, maxLabel } : {}),
      target: target === 'plenary' ? { kind: 'plenary' } : target === 'breakouts' ? { kind: 'breakouts' } : { kind: 'room', roomId: target },
      resultsVisibility: visibility,
    });
    setQuestion('');
    setOptions('');
  };

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
      <label>
        {t('polls.question')}
        <input required maxLength={300} value={question} onChange={(e) => setQuestion(e.target.value)} />
      </label>
      {needsOptions && (
        <label>
          {t('polls.options')}
          <textarea required rows={4} value={options} onChange={(e) => setOptions(e.target.value)} />
        </label>
      )}
      {kind === 'multiple' && (
        <label>
          {t('polls.maxChoices')}
          <input type="number" min={1} max={12} value={maxChoices} onChange={(e) => setMaxChoices(Number(e.target.value))} />
        </label>
      )}
      {kind === 'scale' && (
        <>
          <label>
            {t('polls.scaleMin')}
            <input type="number" min={-10} max={10} value={min} onChange={(e) => setMin(Number(e.target.value))} />
          </label>
          <label>
            {t('polls.scaleMinLabel')}
            <input maxLength={60} value={minLabel} onChange={(e) => setMinLabel(e.target.value)} />
          </label>
          <label>
            {t('polls.scaleMax')}
            <input type="number" min={-10} max={10} value={max} onChange={(e) => setMax(Number(e.target.value))} />
          </label>
          <label>
            {t('polls.scaleMaxLabel')}
            <input maxLength={60} value={maxLabel} onChange={(e) => setMaxLabel(e.target.value)} />
          </label>
        </>
      )}
      <label>
        {t('polls.target')}
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          <option value="plenary">{t('polls.target.plenary')}</option>
          <option value="breakouts">{t('polls.target.breakouts')}</option>
          {state.roomOrder
            .filter((id) => state.rooms[id]?.kind === 'breakout')
            .map((id) => (
              <option key={id} value={id}>
                {state.rooms[id].name}
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
