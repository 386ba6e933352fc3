import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import type { SessionTemplate } from '../../../../shared/report/template.js';
import { orgCall, type Links } from './organiserApi.js';
import { LinkList } from './LinkList.js';
import { QuestionnaireBuilder, OrderButtons, draftToPolls, move, type DraftQuestion } from './QuestionnaireBuilder.js';

const LANGS = ['en', 'fr', 'es', 'ar'] as const;

interface Part {
  key: number;
  title: string;
  minutes: number;
  room: 'plenary' | 'breakouts';
  rest: Record<string, unknown>;
}
let partKey = 1;

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
  const [parts, setParts] = useState<Part[]>([]);
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
    setParts(tpl.agenda.map(({ title: pt, minutes, room, ...rest }) => ({ key: partKey++, title: pt, minutes, room: room ?? 'plenary', rest })));
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
      agenda: parts.map((p) => ({ ...p.rest, title: p.title.trim(), minutes: p.minutes, room: p.room })),
      ...(base?.worksheetSections ? { worksheetSections: base.worksheetSections } : {}),
      polls: [...(base?.polls ?? []), ...polls],
      questionnaires: [...(base?.questionnaires ?? []), ...(polls.length ? [{ id: qnId, title: qnTitle.trim() || t('org.questionnaire'), pollIds: polls.map((p) => p.id) }] : [])],
      profileQuestions: base?.profileQuestions ?? [],
    };
    const moderatorNames = { ...(onsite.trim() ? { onsite: onsite.trim() } : {}), ...(online.trim() ? { online: online.trim() } : {}) };
    const res = await orgCall<Links>(props.orgKey, 'POST', '/api/sessions', { template, title: title.trim(), languages, ...(Object.keys(moderatorNames).length ? { moderatorNames } : {}) });
    setBusy(false);
    if (!res.ok) return setError(`${t('org.createFailed')} ${res.error.message}`);
    setError('');
    setCreated(res);
    await props.onCreated();
  };

  const updatePart = (i: number, patch: Partial<Part>) => setParts(parts.map((p, k) => (k === i ? { ...p, ...patch } : p)));
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
      <form onSubmit={(e) => void submit(e)} className="stack">
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
        <fieldset className="field" data-testid="org-agenda">
          <legend>{t('org.agenda')}</legend>
          <ol className="org-list">
            {parts.map((p, i) => (
              <li key={p.key} className="card org-part" data-testid="org-part">
                <div className="org-row">
                  <label className="field grow">
                    <span>{t('org.partTitle', { n: i + 1 })}</span>
                    <input value={p.title} onChange={(e) => updatePart(i, { title: e.target.value })} required maxLength={120} data-testid="org-part-title" />
                  </label>
                  <label className="field narrow">
                    <span>{t('org.minutes')}</span>
                    <input type="number" min={1} max={600} value={p.minutes} onChange={(e) => updatePart(i, { minutes: Math.max(1, Number(e.target.value) || 1) })} />
                  </label>
                  <label className="field narrow">
                    <span>{t('org.room')}</span>
                    <select value={p.room} onChange={(e) => updatePart(i, { room: e.target.value as Part['room'] })}>
                      <option value="plenary">{t('org.room.plenary')}</option>
                      <option value="breakouts">{t('org.room.breakouts')}</option>
                    </select>
                  </label>
                  <OrderButtons i={i} n={parts.length} label={p.title || t('org.partTitle', { n: i + 1 })} onMove={(by) => setParts(move(parts, i, by))} onDelete={() => setParts(parts.filter((_, k) => k !== i))} />
                </div>
              </li>
            ))}
          </ol>
          <button type="button" onClick={() => setParts([...parts, { key: partKey++, title: '', minutes: 15, room: 'plenary', rest: {} }])} data-testid="org-add-part">
            {t('org.addPart')}
          </button>
        </fieldset>
        <QuestionnaireBuilder title={qnTitle} onTitle={setQnTitle} questions={questions} onChange={setQuestions} languages={languages} />
        {error && <p className="alert" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy || languages.length === 0} data-testid="org-create">{t('org.createSubmit')}</button>
      </form>
      {created && (
        <div className="card" role="status" data-testid="org-created">
          <h3>{t('org.created', { title })}</h3>
          <LinkList links={created} />
        </div>
      )}
    </section>
  );
}
