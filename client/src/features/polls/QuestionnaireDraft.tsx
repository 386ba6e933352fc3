import { useState } from 'react';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { QuestionnaireBuilder, draftToPollInputs, type DraftQuestion } from '../organiser/QuestionnaireBuilder.js';

/**
 * The console's questionnaire builder: the organiser page's builder (one component for both), in the session's
 * languages, sent with `polls:createQuestionnaire` as a draft the moderator then opens like any other.
 */
export function QuestionnaireDraft({ state, conn, report }: { state: SessionState; conn: SessionConnection; report(res: { ok: boolean; error?: { message: string } }): void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState('');
  const [questions, setQuestions] = useState<DraftQuestion[]>([]);
  const [empty, setEmpty] = useState(false);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    const polls = draftToPollInputs(questions, state.languages);
    if (polls.length === 0) return setEmpty(true);
    setEmpty(false);
    setBusy(true);
    const res = await conn.request('polls:createQuestionnaire', { title: title.trim() || t('polls.questionnaire'), polls });
    setBusy(false);
    report(res);
    if (res.ok) {
      setTitle('');
      setQuestions([]);
    }
  };
  return (
    <div className="organiser console-builder" data-testid="console-builder">
      <QuestionnaireBuilder title={title} onTitle={setTitle} questions={questions} onChange={setQuestions} languages={state.languages} legend={t('polls.buildQuestionnaire')} />
      {empty && <p className="alert" role="alert">{t('polls.questionnaireEmpty')}</p>}
      <button type="button" className="primary" disabled={busy} onClick={() => void send()} data-testid="console-builder-send">
        {t('polls.createQuestionnaire')}
      </button>
    </div>
  );
}
