import { useState, type FormEvent } from 'react';
import { ownEach } from '../../../../shared/domain/keyed.js';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { CommandResult } from '../../../../shared/protocol/registry.js';
import type { SessionConnection } from '../../net/connection.js';
import { saveToken } from '../../net/tokens.js';
import { useI18n } from '../../i18n/i18n.js';
import './access.css';

type Links = CommandResult<'access:reissueLinks'>['links'];

/**
 * Moderators' access controls, kept compact: close or open joining, draw a new join code, the observer limit,
 * and re-issuing every moderator, projector and observer link (after a confirmation, since it disconnects
 * the other moderators' screens and the projector). The new links are shown once, here.
 */
export function AccessPanel({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const access = state.access;
  const observers = ownEach(state.people, state.roster).filter((p) => p.role === 'observer' && !p.removed).length;
  const [cap, setCap] = useState(String(access.observerCap));
  const [confirming, setConfirming] = useState(false);
  const [links, setLinks] = useState<Links | null>(null);
  const [failed, setFailed] = useState(false);

  const run = async (p: Promise<{ ok: boolean }>) => setFailed(!(await p).ok);
  const saveCap = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(cap);
    if (Number.isInteger(n) && n >= 0) void run(conn.request('access:setObserverCap', { cap: n }));
  };
  const reissue = async () => {
    setConfirming(false);
    const res = await conn.request('access:reissueLinks', {});
    setFailed(!res.ok);
    if (!res.ok) return;
    // This screen keeps its connection; the next reconnect (or reload) must use the new token.
    saveToken('moderator', res.token);
    conn.replaceToken(res.token);
    setLinks(res.links);
  };

  return (
    <section className="card access" aria-labelledby="access-title" data-testid="access-panel">
      <h2 id="access-title">{t('access.title')}</h2>
      <p data-testid="joining-status">{access.joiningOpen ? t('access.joiningOpen') : t('access.joiningClosed')}</p>
      <div className="row">
        <button type="button" onClick={() => void run(conn.request('access:setJoining', { open: !access.joiningOpen }))}>
          {access.joiningOpen ? t('access.closeJoining') : t('access.openJoining')}
        </button>
        <button type="button" onClick={() => void run(conn.request('access:changeJoinCode', {}))}>
          {t('access.newCode')}
        </button>
      </div>
      <form className="row" onSubmit={saveCap}>
        <label className="field">
          <span>{t('access.observerCap')}</span>
          <input type="number" min={0} max={1000} value={cap} onChange={(e) => setCap(e.target.value)} />
        </label>
        <button type="submit">{t('access.save')}</button>
      </form>
      <p>{t('access.observers', { count: observers, cap: access.observerCap })}</p>
      <p>{t('access.reissueHelp')}</p>
      {confirming ? (
        <div className="row">
          <button type="button" className="danger" onClick={() => void reissue()}>
            {t('access.reissueConfirm')}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            {t('access.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          {t('access.reissue')}
        </button>
      )}
      <div aria-live="polite">{failed && <p className="alert">{t('access.failed')}</p>}</div>
      {links && (
        <div data-testid="new-links">
          <p>{t('access.newLinks')}</p>
          {links.moderators.map((m) => (
            <LinkField key={m.personId} label={t('access.moderatorLink', { name: m.name })} url={m.url} />
          ))}
          <LinkField label={t('access.projectorLink')} url={links.projectorUrl} />
          <LinkField label={t('access.observerLink')} url={links.observerUrl} />
        </div>
      )}
    </section>
  );
}

/** A read-only field, so the link can be selected and copied on any device. */
function LinkField({ label, url }: { label: string; url: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input readOnly value={url} dir="ltr" onFocus={(e) => e.currentTarget.select()} />
    </label>
  );
}
