import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { loadOrganiserKey, saveOrganiserKey } from '../organiser/organiserKey.js';
import type { Combined } from '../../../../server/capabilities/report/combine.js';
import type { TemplateSummary } from '../../../../server/http/coordinatorRoutes.js';
import { CoordinatorTable } from './CoordinatorTable.js';

type Cell = number | '< 5' | 'hidden';

/**
 * The coordinator's page (/coordinator, organiser key): the templates sessions on this server were made from,
 * and the combined results of one: totals beside every site with its participants, and the panel profile
 * with small cells suppressed. Staff-only: lazy-loaded, never in a participant's download.
 */
export default function CoordinatorView() {
  const { t } = useI18n();
  const [key, setKey] = useState<string | null>(loadOrganiserKey() || null);
  const [draft, setDraft] = useState('');
  const [wrongKey, setWrongKey] = useState(false);
  const [failed, setFailed] = useState(false);
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [result, setResult] = useState<{ title: string; combined: Combined } | null>(null);

  const get = useCallback(
    async (url: string) => {
      const res = await fetch(url, { headers: { 'x-organiser-key': key ?? '' } });
      if (res.status === 401) {
        saveOrganiserKey('');
        setKey(null);
        setWrongKey(true);
        return null;
      }
      if (!res.ok) throw new Error(String(res.status));
      return res.json();
    },
    [key],
  );

  const load = useCallback(async () => {
    if (!key) return;
    setFailed(false);
    try {
      const list = (await get('/api/templates')) as { templates: TemplateSummary[] } | null;
      if (!list) return;
      setTemplates(list.templates);
      const id = chosen ?? list.templates[0]?.templateId ?? null;
      setChosen(id);
      if (id) {
        const combined = (await get(`/api/templates/${encodeURIComponent(id)}/combined`)) as { title: string; combined: Combined } | null;
        if (combined) setResult(combined);
      }
    } catch {
      setFailed(true);
    }
  }, [key, chosen, get]);

  useEffect(() => {
    void load();
  }, [load]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.trim()) return;
    saveOrganiserKey(draft.trim());
    setWrongKey(false);
    setKey(draft.trim());
    setDraft('');
  };

  const cell = (c: Cell) => (c === 'hidden' ? t('coordinator.hiddenCell') : String(c));

  if (!key)
    return (
      <main className="coordinator">
        <h1>{t('coordinator.title')}</h1>
        <form className="coordinator-key" onSubmit={submit}>
          <label>
            {t('coordinator.keyLabel')}
            <input type="password" autoComplete="current-password" value={draft} onChange={(e) => setDraft(e.target.value)} />
          </label>
          <button type="submit">{t('coordinator.keySave')}</button>
          {wrongKey && <p role="alert" className="error">{t('coordinator.keyWrong')}</p>}
        </form>
      </main>
    );

  const c = result?.combined;
  return (
    <main className="coordinator">
      <h1>{t('coordinator.title')}</h1>
      {failed && <p role="alert" className="error">{t('coordinator.failed')}</p>}
      <section aria-labelledby="coord-templates">
        <h2 id="coord-templates">{t('coordinator.templates')}</h2>
        {templates?.length === 0 && <p>{t('coordinator.noTemplates')}</p>}
        <ul className="coordinator-templates">
          {templates?.map((tpl) => (
            <li key={tpl.templateId}>
              <button type="button" aria-pressed={tpl.templateId === chosen} onClick={() => setChosen(tpl.templateId)}>
                {tpl.title} · {t('coordinator.sessions', { count: tpl.sessions })}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => void load()}>{t('coordinator.refresh')}</button>
      </section>
      {c && result && c.templateId === chosen && (
        <>
          <section aria-labelledby="coord-sites">
            <h2 id="coord-sites">{result.title}</h2>
            <CoordinatorTable
              columns={[t('coordinator.site'), t('coordinator.participants')]}
              rows={[
                ...c.sites.map((s) => ({ key: s.file, head: <>{s.title} <small>{s.date}</small></>, cells: [s.participants] })),
                { key: '__total', head: t('coordinator.total'), cells: [c.sites.reduce((a, s) => a + s.participants, 0)], className: 'coordinator-total' },
              ]}
            />
            <a href={`/api/templates/${encodeURIComponent(c.templateId ?? '')}/combined.md`} onClick={(e) => download(e, key, `/api/templates/${encodeURIComponent(c.templateId ?? '')}/combined.md`)}>
              {t('coordinator.markdown')}
            </a>
          </section>
          {c.polls.map((p) => (
            <section key={p.id ?? p.question} className="coordinator-poll">
              <h3>{p.question}</h3>
              <CoordinatorTable
                columns={[t('coordinator.option'), t('coordinator.total'), ...c.sites.map((s) => s.title)]}
                rows={[
                  ...p.options.map((o, k) => ({
                    key: k,
                    head: o,
                    cells: [<>{p.total.counts[k]} <small>({p.total.percents[k]}%)</small></>, ...p.bySite.map((s) => s.counts[k])],
                    firstCellClass: 'coordinator-total',
                  })),
                  { key: '__ballots', head: t('coordinator.ballots'), cells: [p.total.n, ...p.bySite.map((s) => s.n)], firstCellClass: 'coordinator-total' },
                ]}
              />
            </section>
          ))}
          {c.profile.questions.length > 0 && (
            <section aria-labelledby="coord-profile">
              <h2 id="coord-profile">{t('coordinator.profile')}</h2>
              <p className="hint">{t('coordinator.suppressed')}</p>
              {c.profile.questions.map((q) => (
                <CoordinatorTable
                  key={q.id}
                  caption={q.question}
                  columns={[t('coordinator.option'), t('coordinator.onsite'), t('coordinator.online'), t('coordinator.total')]}
                  rows={q.rows.map((row, r) => ({ key: r, head: row, cells: q.cells[r].map(cell) }))}
                />
              ))}
              {c.profile.breakdowns.map((b) => {
                const poll = c.polls.find((p) => p.id === b.pollId);
                const q = c.profile.questions.find((x) => x.id === b.questionId);
                if (!poll || !q) return null;
                return (
                  <CoordinatorTable
                    key={`${b.pollId}/${b.questionId}`}
                    caption={t('coordinator.by', { poll: poll.question, question: q.question })}
                    columns={[t('coordinator.option'), ...poll.options, t('coordinator.voters')]}
                    rows={q.rows.map((row, r) => ({ key: r, head: row, cells: (b.cells[r] ?? []).map(cell) }))}
                  />
                );
              })}
            </section>
          )}
        </>
      )}
      <p>
        <button type="button" className="link" onClick={() => (saveOrganiserKey(''), setKey(null), setTemplates(null), setResult(null))}>
          {t('coordinator.forgetKey')}
        </button>
      </p>
    </main>
  );
}

/** The Markdown download needs the key as a header, so it is fetched and saved from a blob. */
async function download(e: { preventDefault(): void }, key: string, url: string) {
  e.preventDefault();
  const res = await fetch(url, { headers: { 'x-organiser-key': key } });
  if (!res.ok) return;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = 'combined.md';
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
