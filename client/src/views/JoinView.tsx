import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../net/api.js';
import { joinIdFor, settleJoin } from '../net/joinAttempt.js';
import { loadToken, saveToken } from '../net/tokens.js';
import { DICTIONARIES, useI18n, type MessageKey } from '../i18n/i18n.js';
import { TopBar } from '../components/SessionFrame.js';
import { adoptedJoinForm } from './joinAdoption.js';

const JOINED_KEY = 'dr:joined';

/** The join code and name this phone last joined with (no network: the join rate limit is shared by a whole hall). */
function readJoined(): { code: string; name: string } | null {
  try {
    const j = JSON.parse(localStorage.getItem(JOINED_KEY) ?? 'null') as { code?: unknown; name?: unknown } | null;
    return j && typeof j.code === 'string' && typeof j.name === 'string' ? { code: j.code, name: j.name } : null;
  } catch {
    return null;
  }
}

/** Join with a code, a display name and where one is: no account, no e-mail, no app. */
export function JoinView({ initialCode }: { initialCode: string }) {
  const { t } = useI18n();
  // The server-written form this view takes over, with whatever was typed into it before the script arrived.
  const [adopted] = useState(adoptedJoinForm);
  const [code, setCode] = useState((adopted?.code ?? initialCode).toUpperCase());
  const [name, setName] = useState(adopted?.name ?? '');
  const [modality, setModality] = useState<'onsite' | 'online' | null>(adopted?.modality ?? null);
  const [table, setTable] = useState(adopted?.table ?? '');
  // Off by default: the report names a participant only after an explicit yes (docs/architecture.md, The session report).
  const [nameInReport, setNameInReport] = useState(adopted?.nameInReport ?? false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(() => (adopted?.errorKey && adopted.errorKey in DICTIONARIES.en ? (adopted.errorKey as MessageKey) : null));
  const whereRef = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    document.title = t('title.join');
  }, [t]);
  // Scanning the QR code again must not make a second person: offer to continue as the one who joined.
  const [joined] = useState(() => {
    const j = readJoined();
    return j && j.code === initialCode.toUpperCase() && loadToken('participant') ? j : null;
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!modality) {
      // Our own message (in the person's language) rather than the browser's, then focus the choice.
      setError('join.chooseWhere');
      whereRef.current?.querySelector('input')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    // Kept until answered: a second tap after a lost answer must not make a second person.
    const joinId = joinIdFor(code, name.trim());
    const res = await api.join({ code, name: name.trim(), modality, joinId, ...(nameInReport ? { nameInReport: true } : {}), ...(modality === 'onsite' && table.trim() ? { table: table.trim() } : {}) });
    setBusy(false);
    settleJoin(res.ok ? { ok: true } : { ok: false, code: res.error.code });
    if (!res.ok) {
      const key = `join.error.${res.error.code}`;
      setError((key in DICTIONARIES.en ? key : 'join.error.other') as MessageKey);
      return;
    }
    saveToken('participant', res.token);
    try {
      localStorage.setItem(JOINED_KEY, JSON.stringify({ code, name: name.trim() }));
    } catch {
      /* private mode: no "continue" offer next time */
    }
    location.assign('/p');
  }

  return (
    <div className="app join">
      <TopBar title={adopted?.title || t('app.name')} />
      <main className="page narrow" id="main">
        <h1>{t('join.title')}</h1>
        <p className="intro">{t('join.intro')}</p>
        {joined && (
          <section className="card already-joined" aria-labelledby="already-title" data-testid="already-joined">
            <h2 id="already-title">{t('join.already', { name: joined.name })}</h2>
            <a className="button primary" href="/p">
              {t('join.continue')}
            </a>
            <p className="hint">{t('join.someoneElse')}</p>
          </section>
        )}
        <form onSubmit={submit} className="stack">
          <label className="field">
            <span>{t('join.code')}</span>
            <input name="code" value={code} onChange={(e) => setCode(e.target.value.toUpperCase())} autoCapitalize="characters" autoComplete="off" required maxLength={12} inputMode="text" dir="ltr" />
          </label>
          <label className="field">
            <span>{t('join.name')}</span>
            <input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="nickname" required maxLength={60} aria-describedby="name-hint" />
            <small id="name-hint">{t('join.nameHint')}</small>
          </label>
          <fieldset className="field" ref={whereRef}>
            <legend>{t('join.where')}</legend>
            <div className="choice-row">
              {(['onsite', 'online'] as const).map((m) => (
                <label key={m} className={`choice ${modality === m ? 'selected' : ''}`}>
                  <input type="radio" name="modality" value={m} checked={modality === m} onChange={() => setModality(m)} />
                  <span>
                    {m === 'onsite' ? t('join.onsite') : t('join.online')}
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          {modality === 'onsite' && (
            <label className="field">
              <span>{t('join.table')}</span>
              <input name="table" value={table} onChange={(e) => setTable(e.target.value)} maxLength={20} inputMode="numeric" />
            </label>
          )}
          <label className="field check">
            <input type="checkbox" name="nameInReport" checked={nameInReport} onChange={(e) => setNameInReport(e.target.checked)} /> {t('join.nameInReport')}
          </label>
          <div aria-live="assertive">
            {error && (
              <p id="join-error" className="alert" data-testid="join-error">
                {t(error)}
              </p>
            )}
          </div>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('join.joining') : t('join.submit')}
          </button>
        </form>
        {adopted && (
          <p className="privacy" data-testid="privacy-notice" lang={adopted.privacy?.lang ?? undefined}>
            {adopted.privacy?.text ?? t('join.privacyDefault')}
          </p>
        )}
        {adopted?.hotline && (
          <p className="hotline" data-testid="hotline">
            {t('join.hotline')}{' '}
            <a href={`tel:${adopted.hotline.replace(/[^+0-9]/g, '')}`} dir="ltr">
              {adopted.hotline}
            </a>
          </p>
        )}
      </main>
    </div>
  );
}
