import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { CONDITION_KINDS } from '../../../../shared/domain/polls/conditions.js';
import type { PollInput } from '../../../../shared/domain/polls/schemas.js';
import { ConditionEditor } from './ConditionEditor.js';
import { BuilderPreview } from './BuilderPreview.js';

export const BUILDER_KINDS = ['single', 'multiple', 'scale', 'open', 'grid', 'yesno', 'ranking'] as const;
export type BuilderKind = (typeof BUILDER_KINDS)[number];

/** One question as the organiser writes it: texts per language; options (and grid columns) one per line. */
export interface DraftQuestion {
  key: number;
  kind: BuilderKind;
  question: Record<string, string>;
  options: Record<string, string>;
  columns: Record<string, string>;
  /** Shown only when the answer to an earlier question (its key, so reordering keeps it) was one of `options`. */
  showIf?: { key: number; options: number[] };
}

const WITH_OPTIONS: readonly BuilderKind[] = ['single', 'multiple', 'ranking', 'grid'];

/** Lines per language → one text per language for each position (empty lines and languages left out). */
function linesToOptions(byLang: Record<string, string>, languages: string[]): Array<Record<string, string>> {
  const split = Object.fromEntries(languages.map((l) => [l, (byLang[l] ?? '').split('\n').map((s) => s.trim())]));
  const n = Math.max(0, ...languages.map((l) => split[l].length));
  const out: Array<Record<string, string>> = [];
  for (let i = 0; i < n; i++) {
    const entry = Object.fromEntries(languages.map((l) => [l, split[l][i] ?? '']).filter(([, v]) => v));
    if (Object.keys(entry).length) out.push(entry);
  }
  return out;
}

function texts(byLang: Record<string, string>, languages: string[]): Record<string, string> {
  return Object.fromEntries(languages.map((l) => [l, (byLang[l] ?? '').trim()]).filter(([, v]) => v));
}

/** The options a question numbers 0, 1, 2… (yes/no: Yes, No), each per language. */
export function draftOptions(q: DraftQuestion, languages: string[]): Array<Record<string, string>> {
  return q.kind === 'yesno' ? [] : WITH_OPTIONS.includes(q.kind) ? linesToOptions(q.options, languages) : [];
}

/**
 * The condition as the server takes it (position among the questions sent): kept only while the question it
 * names is still earlier, still a choice, and still has the chosen options (reordering or editing can undo it).
 */
function conditionOf(q: DraftQuestion, earlier: DraftQuestion[], languages: string[]) {
  if (!q.showIf) return null;
  const at = earlier.findIndex((e) => e.key === q.showIf!.key);
  if (at < 0 || !CONDITION_KINDS.has(earlier[at].kind)) return null;
  const n = earlier[at].kind === 'yesno' ? 2 : draftOptions(earlier[at], languages).length;
  const options = q.showIf.options.filter((o) => o < n);
  return options.length ? { question: at, options } : null;
}

/** The template's polls for the drafted questions (ids made from `prefix`), skipping questions with no text. */
export function draftToPolls(questions: DraftQuestion[], languages: string[], prefix: string) {
  const kept = questions.filter((q) => Object.keys(texts(q.question, languages)).length > 0);
  return kept.map((q, i) => {
    const showIf = conditionOf(q, kept.slice(0, i), languages);
    return {
      id: `${prefix}_p${i + 1}`,
      kind: q.kind,
      question: texts(q.question, languages),
      options: draftOptions(q, languages),
      ...(q.kind === 'grid' ? { columns: linesToOptions(q.columns, languages) } : {}),
      ...(q.kind === 'scale' ? { min: 1, max: 5 } : {}),
      ...(showIf ? { showIf } : {}),
      target: 'plenary' as const,
    };
  });
}

/** The same questions as `polls:createQuestionnaire` takes them (the console's builder). */
export function draftToPollInputs(questions: DraftQuestion[], languages: string[]): PollInput[] {
  return draftToPolls(questions, languages, 'q').map(({ id: _id, target: _t, ...p }) => ({
    maxChoices: null,
    min: 1,
    max: 5,
    minLabel: '',
    maxLabel: '',
    resultsVisibility: 'live' as const,
    ...p,
    target: { kind: 'plenary' as const },
  }));
}

let nextKey = 1;
export function newQuestion(kind: BuilderKind = 'single'): DraftQuestion {
  return { key: nextKey++, kind, question: {}, options: {}, columns: {} };
}

export function move<T>(xs: T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (j < 0 || j >= xs.length) return xs;
  const out = [...xs];
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}

/** The questionnaire builder of the organiser page: every poll kind, texts in each session language, up/down order. */
export function QuestionnaireBuilder(props: {
  title: string;
  onTitle(t: string): void;
  questions: DraftQuestion[];
  onChange(qs: DraftQuestion[]): void;
  languages: string[];
  /** Test ids and the legend differ between the organiser page and the console (both may share a page in tests). */
  legend?: string;
}) {
  const { t } = useI18n();
  const { questions, onChange, languages } = props;
  const [preview, setPreview] = useState(false);
  const update = (i: number, patch: Partial<DraftQuestion>) => onChange(questions.map((q, k) => (k === i ? { ...q, ...patch } : q)));
  return (
    <fieldset className="field org-questionnaire" data-testid="org-questionnaire">
      <legend>{props.legend ?? t('org.questionnaire')}</legend>
      <label className="field">
        <span>{t('org.questionnaireTitle')}</span>
        <input value={props.title} onChange={(e) => props.onTitle(e.target.value)} maxLength={120} data-testid="org-qn-title" />
      </label>
      <ol className="org-list">
        {questions.map((q, i) => (
          <li key={q.key} className="card org-question" data-testid="org-question">
            <div className="org-row">
              <label className="field">
                <span>{t('org.questionKind', { n: i + 1 })}</span>
                <select value={q.kind} onChange={(e) => update(i, { kind: e.target.value as BuilderKind })} data-testid="org-question-kind">
                  {BUILDER_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`org.kind.${k}` as 'org.kind.single')}
                    </option>
                  ))}
                </select>
              </label>
              <OrderButtons i={i} n={questions.length} label={t('org.questionKind', { n: i + 1 })} onMove={(by) => onChange(move(questions, i, by))} onDelete={() => onChange(questions.filter((_, k) => k !== i))} />
            </div>
            {languages.map((l) => (
              <div key={l} className="org-lang">
                <label className="field">
                  <span>{t('org.questionText', { lang: l.toUpperCase() })}</span>
                  <input lang={l} value={q.question[l] ?? ''} onChange={(e) => update(i, { question: { ...q.question, [l]: e.target.value } })} maxLength={300} data-testid={`org-question-text-${l}`} />
                </label>
                {WITH_OPTIONS.includes(q.kind) && (
                  <label className="field">
                    <span>{t(q.kind === 'grid' ? 'org.rows' : 'org.options', { lang: l.toUpperCase() })}</span>
                    <textarea lang={l} rows={3} value={q.options[l] ?? ''} onChange={(e) => update(i, { options: { ...q.options, [l]: e.target.value } })} data-testid={`org-question-options-${l}`} />
                  </label>
                )}
                {q.kind === 'grid' && (
                  <label className="field">
                    <span>{t('org.columns', { lang: l.toUpperCase() })}</span>
                    <textarea lang={l} rows={2} value={q.columns[l] ?? ''} onChange={(e) => update(i, { columns: { ...q.columns, [l]: e.target.value } })} />
                  </label>
                )}
              </div>
            ))}
            {i > 0 && <ConditionEditor question={q} earlier={questions.slice(0, i)} n={i + 1} languages={languages} onChange={(showIf) => update(i, { showIf })} />}
          </li>
        ))}
      </ol>
      <div className="org-actions">
        <button type="button" onClick={() => onChange([...questions, newQuestion()])} data-testid="org-add-question">
          {t('org.addQuestion')}
        </button>
        <button type="button" aria-expanded={preview} onClick={() => setPreview(!preview)} data-testid="org-preview-toggle">
          {preview ? t('org.previewHide') : t('org.preview')}
        </button>
      </div>
      {preview && <BuilderPreview title={props.title} questions={questions} languages={languages} />}
    </fieldset>
  );
}

/** Up, down and delete buttons of one list entry; the aria labels name the entry. */
export function OrderButtons(props: { i: number; n: number; label: string; onMove(by: -1 | 1): void; onDelete(): void }) {
  const { t } = useI18n();
  return (
    <div className="org-order">
      <button type="button" disabled={props.i === 0} onClick={() => props.onMove(-1)} aria-label={t('org.up', { what: props.label })} data-testid="org-up">
        ↑
      </button>
      <button type="button" disabled={props.i === props.n - 1} onClick={() => props.onMove(1)} aria-label={t('org.down', { what: props.label })} data-testid="org-down">
        ↓
      </button>
      <button type="button" className="danger" onClick={props.onDelete} aria-label={t('org.remove', { what: props.label })} data-testid="org-remove">
        ✕
      </button>
    </div>
  );
}
