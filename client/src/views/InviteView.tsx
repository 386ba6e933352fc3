import { useState, type FormEvent } from 'react';
import { api } from '../net/api.js';
import { joinIdFor, settleJoin } from '../net/joinAttempt.js';
import { saveToken } from '../net/tokens.js';
import { useI18n } from '../i18n/i18n.js';
import { TopBar } from '../components/SessionFrame.js';

/** An observer link: the observer gives a name and an optional label ("press"), then watches. */
export function InviteView() {
  const { t } = useI18n();
  const invite = new URLSearchParams(location.hash.slice(1)).get('invite') ?? '';
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const [error, setError] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    // As on the join page: a second tap after a lost answer must not make a second observer.
    const joinId = joinIdFor(invite, name.trim());
    const res = await api.acceptInvite({ invite, name: name.trim(), joinId, ...(label.trim() ? { label: label.trim() } : {}) });
    setBusy(false);
    settleJoin(res.ok ? { ok: true } : { ok: false, code: res.error.code });
    if (!res.ok) return setError(true);
    saveToken('observer', res.token);
    location.assign('/observer');
  }

  return (
    <div className="app invite">
      <TopBar title={t('app.name')} />
      <main className="page narrow" id="main">
        <h1>{t('invite.title')}</h1>
        <form onSubmit={submit} className="stack">
          <label className="field">
            <span>{t('join.name')}</span>
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={60} autoComplete="name" />
          </label>
          <label className="field">
            <span>{t('invite.label')}</span>
            <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={40} />
          </label>
          <div aria-live="assertive">{error && <p className="alert">{t('invite.error')}</p>}</div>
          <button type="submit" className="primary" disabled={busy}>
            {t('invite.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
