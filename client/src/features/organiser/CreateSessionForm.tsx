import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import type { SessionTemplate } from '../../../../shared/report/template.js';
import { orgCall, type Links } from './organiserApi.js';
import { LinkList } from './LinkList.js';
import { QuestionnaireBuilder, draftToPolls, type DraftQuestion } from './QuestionnaireBuilder.js';
import { AgendaEditor, partsOfTemplate, partsToAgenda, type DraftPart } from './AgendaEditor.js';

const LANGS = ['en', 'fr', 'es', 'ar'] as const;


/**
 * Create a session from scratch or from a template (the demo day or an uploaded JSON file): the agenda is edited
 * here before creating, and the questionnaire built here is added to the template's polls and questionnaires
 * (the session gets it as a draft). Every session is created through the template body, so one path serves both.
 */
export function CreateSessionForm(props: { orgKey: string; onCreated(): Promise<void> }) {
  const { t } = useI18n();
  const [base, setBase] = useState<SessionTemplate | null>(null);
  const [title, setTitle] = useState('');
  const [languages, setLanguages] = useState<string[]>(['en']);
  const [parts, setParts] = useState<DraftPart[]>([]);
  const [privacy, setPrivacy] = useState<Record<string, string>>({});
  const [hotline, setHotline] = useState('');
  const [onsite, setOnsite] = useState('');
  const [online, setOnline] = useState('');
  const [qnTitle, setQnTitle] = useState('');
  const [questions, setQuestions] = useState<DraftQuestion[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Links | null>(null);

  const applyTemplate = (tpl: SessionTemplate) => {
    setBase(tpl);
    setTitle(tpl.title);
    setLanguages(tpl.languages.filter((l) => (LANGS as readonly string[]).includes(l)).length ? tpl.languages : ['en']);
    setParts(partsOfTemplate(tpl));
    setError('');
  };
  const loadDemo = async () => {
    const res = await orgCall<SessionTemplate>(props.orgKey, 'GET', '/api/templates/demo.json');
    if (res.ok) {
      const { ok: _ok, ...tpl } = res as SessionTemplate & { ok: true };
      applyTemplate(tpl);
    } else setError(res.error.message);
  };
  const loadFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const tpl = JSON.parse(await file.text()) as SessionTemplate;
      if (tpl?.kind !== 'dialogue-room/session-template' || !Array.isArray(tpl.agenda)) throw new Error('kind');
      applyTemplate(tpl);
    } catch {
      setError(t('org.badTemplate'));
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const qnId = `qn_${Date.now().toString(36)}`;
    const polls = draftToPolls(questions, languages, qnId);
    const template = {
      kind: 'dialogue-room/session-template' as const,
      version: 1 as const,
      title: title.trim(),
      languages,
      agenda: partsToAgenda(parts, languages),
      ...(base?.worksheetSections ? { worksheetSections: base.worksheetSections } : {}),
      polls: [...(base?.polls ?? []), ...polls],
      questionnaires: [...(base?.questionnaires ?? []), ...(polls.length ? [{ id: qnId, title: qnTitle.trim() || t('org.questionnaire'), pollIds: polls.map((p) => p.id) }] : [])],
      profileQuestions: base?.profileQuestions ?? [],
    };
    const moderatorNames = { ...(onsite.trim() ? { onsite: onsite.trim() } : {}), ...(online.trim() ? { online: online.trim() } : {}) };
    const privacyNotice = Object.fromEntries(languages.map((l) => [l, (privacy[l] ?? '').trim()]).filter(([, v]) => v));
    const res = await orgCall<Links>(props.orgKey, 'POST', '/api/sessions', {
      template,
      title: title.trim(),
      languages,
      ...(Object.keys(moderatorNames).length ? { moderatorNames } : {}),
      ...(Object.keys(privacyNotice).length ? { privacyNotice } : {}),
      ...(hotline.trim() ? { hotline: hotline.trim() } : {}),
    });
    setBusy(false);
    if (!res.ok) return setError(`${t('org.createFailed')} ${res.error.message}`);
    setError('');
    setCreated(res);
    await props.onCreated();
  };

  return (
    <section aria-labelledby="org-create-h" className="org-create">
      <h2 id="org-create-h">{t('org.create')}</h2>
      <div className="org-actions">
        <button type="button" onClick={() => void loadDemo()} data-testid="org-demo">{t('org.loadDemo')}</button>
        <label className="org-file">
          <span>{t('org.importTemplate')}</span>
          <input type="file" accept="application/json,.json" onChange={(e) => void loadFile(e.target.files?.[0])} data-testid="org-file" />
        </label>
      </div>
      {base && <p role="status" data-testid="org-base">{t('org.fromTemplate', { title: base.title, polls: base.polls.length, questionnaires: base.questionnaires.length })}</p>}
      <form id="org-create-form" onSubmit={(e) => void submit(e)} className="stack">
        <label className="field">
          <span>{t('org.sessionTitle')}</span>
          <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={120} data-testid="org-title" />
        </label>
        <fieldset className="field">
          <legend>{t('org.languages')}</legend>
          <div className="org-row">
            {LANGS.map((l) => (
              <label key={l} className="field check">
                <input type="checkbox" checked={languages.includes(l)} onChange={(e) => setLanguages(e.target.checked ? [...languages, l] : languages.filter((x) => x !== l))} data-testid={`org-lang-${l}`} />
                <span>{t(`org.lang.${l}` as 'org.lang.en')}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="org-row">
          <label className="field">
            <span>{t('org.onsiteModerator')}</span>
            <input value={onsite} onChange={(e) => setOnsite(e.target.value)} maxLength={60} />
          </label>
          <label className="field">
            <span>{t('org.onlineModerator')}</span>
            <input value={online} onChange={(e) => setOnline(e.target.value)} maxLength={60} />
          </label>
        </div>
        <fieldset className="field">
          <legend>{t('org.joinPage')}</legend>
          {languages.map((l) => (
            <label key={l} className="field">
              <span>{t('org.privacyNotice', { lang: l.toUpperCase() })}</span>
              <textarea lang={l} rows={2} value={privacy[l] ?? ''} onChange={(e) => setPrivacy({ ...privacy, [l]: e.target.value })} maxLength={400} data-testid={`org-privacy-${l}`} />
            </label>
          ))}
          <label className="field">
            <span>{t('org.hotline')}</span>
            <input type="tel" value={hotline} onChange={(e) => setHotline(e.target.value)} maxLength={40} data-testid="org-hotline" />
          </label>
        </fieldset>
        <AgendaEditor parts={parts} onChange={setParts} languages={languages} />
      </form>
      {/* Outside the form: the builder's phone preview holds the participant's own answer forms (no nested forms). */}
      <div className="stack org-after-form">
        <QuestionnaireBuilder title={qnTitle} onTitle={setQnTitle} questions={questions} onChange={setQuestions} languages={languages} />
        {error && <p className="alert" role="alert">{error}</p>}
        <button type="submit" form="org-create-form" className="primary" disabled={busy || languages.length === 0} data-testid="org-create">{t('org.createSubmit')}</button>
      </div>
      {created && (
        <div className="card" role="status" data-testid="org-created">
          <h3>{t('org.created', { title })}</h3>
          <LinkList links={created} />
        </div>
      )}
    </section>
  );
}
