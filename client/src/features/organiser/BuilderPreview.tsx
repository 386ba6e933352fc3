import { useState } from 'react';
import { LANGUAGES, LanguageScope, useI18n } from '../../i18n/i18n.js';
import type { Ballot, Poll } from '../../../../shared/domain/polls/schemas.js';
import { QuestionnaireRunner } from '../polls/QuestionnaireRunner.js';
import { draftToPolls, type DraftQuestion } from './QuestionnaireBuilder.js';

/** The drafted questions as the polls a phone receives (what the server would store), for the preview only. */
export function previewPolls(questions: DraftQuestion[], languages: string[]): Poll[] {
  const drafts = draftToPolls(questions, languages, 'preview');
  return drafts.map((p) => ({
    id: p.id,
    kind: p.kind,
    question: p.question,
    options: p.kind === 'yesno' ? ['Yes', 'No'] : p.options,
    maxChoices: p.kind === 'multiple' ? p.options.length : null,
    min: p.kind === 'scale' ? 1 : 0,
    max: p.kind === 'scale' ? 5 : 0,
    minLabel: '',
    maxLabel: '',
    target: { kind: 'plenary' },
    resultsVisibility: 'live',
    status: 'open',
    questionnaireId: 'preview',
    openedAt: null,
    closedAt: null,
    deadline: null,
    ...(p.columns ? { columns: p.columns } : {}),
    ...(p.showIf ? { showIf: { pollId: drafts[p.showIf.question].id, options: p.showIf.options } } : {}),
  }));
}

/**
 * The questionnaire as a phone shows it: the participant's own runner in a phone-sized frame, in the chosen
 * session language. Answers stay in this preview (nothing is sent), so a conditional question can be tried.
 */
export function BuilderPreview(props: { title: string; questions: DraftQuestion[]; languages: string[] }) {
  const { t } = useI18n();
  const [lang, setLang] = useState(props.languages[0] ?? 'en');
  const [answers, setAnswers] = useState<Record<string, Ballot>>({});
  const shown = props.languages.includes(lang) ? lang : (props.languages[0] ?? 'en');
  const polls = previewPolls(props.questions, props.languages);
  return (
    <div className="builder-preview" data-testid="org-preview">
      <div className="org-row">
        <label className="field">
          <span>{t('org.previewLang')}</span>
          <select value={shown} onChange={(e) => setLang(e.target.value)} data-testid="org-preview-lang">
            {props.languages.map((l) => (
              <option key={l} value={l}>
                {LANGUAGES.find((x) => x.code === l)?.name ?? l.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <p className="hint">{t('org.previewNote')}</p>
      </div>
      <div className="phone-frame" data-testid="org-preview-phone">
        <LanguageScope lang={shown}>
          {polls.length > 0 && (
            <QuestionnaireRunner
              key={shown}
              questionnaire={{ id: 'preview', title: props.title.trim() || t('org.questionnaire'), pollIds: polls.map((p) => p.id), status: 'open' }}
              languages={props.languages}
              offline
              polls={polls}
              saved={(id) => answers[id] ?? null}
              onVote={(poll, ballot) => {
                setAnswers((a) => ({ ...a, [poll.id]: ballot }));
                return Promise.resolve(true);
              }}
            />
          )}
        </LanguageScope>
      </div>
    </div>
  );
}
