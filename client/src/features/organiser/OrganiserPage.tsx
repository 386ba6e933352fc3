import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { loadOrganiserKey, saveOrganiserKey } from './organiserKey.js';
import { orgCall, type Links, type SessionSummary } from './organiserApi.js';
import { CreateSessionForm } from './CreateSessionForm.js';
import { CopyLink, LinkList } from './LinkList.js';
import { useTokenDownload } from '../../net/tokenDownload.js';

/** The organiser page (`/organiser`): the key once per browser, the sessions with their links, and the create form. */
export function OrganiserPage() {
  const { t } = useI18n();
  const [key, setKey] = useState(loadOrganiserKey);
  const [info, setInfo] = useState<{ linkBase: string; localOnly: boolean } | null>(null);
  const [sessions, setSessions] = useState<SessionSummary[] | null>(null);
  const [error, setError] = useState('');

  const refresh = useCallback(async () => {
    if (!key) return;
    const [o, l] = await Promise.all([
      orgCall<{ linkBase: string; localOnly: boolean }>(key, 'GET', '/api/organiser'),
      orgCall<{ sessions: SessionSummary[] }>(key, 'GET', '/api/sessions'),
    ]);
    if (!o.ok && o.error.code === 'UNAUTHENTICATED') {
      saveOrganiserKey('');
      setKey('');
      setError(t('org.wrongKey'));
      return;
    }
    if (!o.ok || !l.ok) return setError(t('org.unavailable'));
    setError('');
    setInfo({ linkBase: o.linkBase, localOnly: o.localOnly });
    setSessions(l.sessions);
  }, [key, t]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (!key) return <KeyForm error={error} onKey={(k) => { saveOrganiserKey(k); setKey(k); }} />;
  return (
    <main className="page organiser" id="main">
      <div className="org-head">
        <h1>{t('org.title')}</h1>
        <button type="button" onClick={() => { saveOrganiserKey(''); setKey(''); setSessions(null); }}>
          {t('org.forgetKey')}
        </button>
      </div>
      {error && <p className="alert" role="alert">{error}</p>}
      {info?.localOnly && (
        <p className="alert" role="note" data-testid="org-localhost">
          {t('org.localhostWarning', { base: info.linkBase })}
        </p>
      )}
      <section aria-labelledby="org-sessions-h">
        <h2 id="org-sessions-h">{t('org.sessions')}</h2>
        {sessions === null ? <p>…</p> : sessions.length === 0 ? <p>{t('org.noSessions')}</p> : (
          <ul className="org-list">
            {sessions.map((s) => (
              <SessionCard key={s.sessionId} s={s} linkBase={info?.linkBase ?? location.origin} orgKey={key} onChanged={refresh} />
            ))}
          </ul>
        )}
      </section>
      <CreateSessionForm orgKey={key} onCreated={refresh} />
    </main>
  );
}

function KeyForm(props: { error: string; onKey(k: string): void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) props.onKey(value.trim());
  };
  return (
    <main className="page narrow organiser" id="main">
      <h1>{t('org.title')}</h1>
      <form onSubmit={submit} className="stack">
        <label className="field">
          <span>{t('org.key')}</span>
          <input type="password" value={value} onChange={(e) => setValue(e.target.value)} autoComplete="current-password" required data-testid="org-key" />
          <small>{t('org.keyHint')}</small>
        </label>
        {props.error && <p className="alert" role="alert">{props.error}</p>}
        <button type="submit" className="primary">{t('org.keySubmit')}</button>
      </form>
    </main>
  );
}

type Action = 'delete' | 'clone' | 'reset';

function SessionCard(props: { s: SessionSummary; linkBase: string; orgKey: string; onChanged(): Promise<void> }) {
  const { t, tp, lang } = useI18n();
  const { s } = props;
  const [confirming, setConfirming] = useState<Action | null>(null);
  const [links, setLinks] = useState<Links | null>(null);
  const [error, setError] = useState('');
  const exporter = useTokenDownload(() => ({ 'x-organiser-key': props.orgKey }));
  const run = async (action: Action) => {
    setConfirming(null);
    const res = action === 'delete'
      ? await orgCall(props.orgKey, 'DELETE', `/api/sessions/${encodeURIComponent(s.sessionId)}`)
      : await orgCall<Links>(props.orgKey, 'POST', `/api/sessions/${encodeURIComponent(s.sessionId)}/${action}`, {});
    if (!res.ok) return setError(res.error.message);
    setError('');
    await props.onChanged();
  };
  const newLinks = async () => {
    const res = await orgCall<Links>(props.orgKey, 'POST', `/api/sessions/${encodeURIComponent(s.sessionId)}/links`);
    if (res.ok) setLinks(res);
    else setError(res.error.message);
  };
  return (
    <li className="card org-session" data-testid="org-session">
      <h3>{s.title}</h3>
      <p>
        {new Date(s.createdAt).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' })} · {tp('org.people', s.participants)} · {s.languages.join(', ').toUpperCase()}
      </p>
      <CopyLink label={t('org.link.join')} url={`${props.linkBase.replace(/\/+$/, '')}/join/${s.joinCode}`} />
      {links ? <LinkList links={links} /> : (
        <button type="button" onClick={() => void newLinks()} data-testid="org-new-links">{t('org.newLinks')}</button>
      )}
      {/* The session's set-up as a template file: another site, or next year's day, starts from it. */}
      <button type="button" disabled={!!exporter.busy} onClick={() => void exporter.download(`/api/sessions/${encodeURIComponent(s.sessionId)}/template.json`, `template-${s.joinCode}.json`)} data-testid="org-export">
        {t('org.exportTemplate')}
      </button>
      {exporter.failed && <p className="alert" role="alert">{t('org.exportFailed')}</p>}
      {error && <p className="alert" role="alert">{error}</p>}
      <div className="org-actions">
        {confirming ? (
          <>
            <span role="status">{t(`org.confirm.${confirming}` as 'org.confirm.delete', { title: s.title })}</span>
            <button type="button" className={confirming === 'delete' ? 'danger' : ''} onClick={() => void run(confirming)} data-testid="org-confirm">
              {t(`org.do.${confirming}` as 'org.do.delete')}
            </button>
            <button type="button" onClick={() => setConfirming(null)}>{t('org.cancel')}</button>
          </>
        ) : (
          (['clone', 'reset', 'delete'] as const).map((a) => (
            <button key={a} type="button" className={a === 'delete' ? 'danger' : ''} onClick={() => setConfirming(a)} data-testid={`org-${a}`}>
              {t(`org.action.${a}` as 'org.action.delete')}
            </button>
          ))
        )}
      </div>
    </li>
  );
}
