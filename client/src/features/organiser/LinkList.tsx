import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import type { Links } from './organiserApi.js';

export function LinkList({ links }: { links: Links }) {
  const { t } = useI18n();
  return (
    <div className="org-links" data-testid="org-links">
      <CopyLink label={t('org.link.join')} url={links.joinUrl} testid="org-link-join" />
      <CopyLink label={t('org.link.onsite')} url={links.onsiteModeratorUrl} testid="org-link-onsite" />
      <CopyLink label={t('org.link.online')} url={links.onlineModeratorUrl} testid="org-link-online" />
      <CopyLink label={t('org.link.observer')} url={links.observerUrl} />
      <CopyLink label={t('org.link.projector')} url={links.projectorUrl} />
    </div>
  );
}

/** A link shown read-only with a copy button (the clipboard API, else the selection for Ctrl+C on plain http). */
export function CopyLink(props: { label: string; url: string; testid?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = async (input: HTMLInputElement | null) => {
    try {
      await navigator.clipboard.writeText(props.url);
      setCopied(true);
    } catch {
      input?.select();
      setCopied(document.execCommand?.('copy') ?? false);
    }
  };
  let ref: HTMLInputElement | null = null;
  return (
    <div className="org-link">
      <label className="field">
        <span>{props.label}</span>
        <input readOnly value={props.url} ref={(el) => { ref = el; }} onFocus={(e) => e.target.select()} data-testid={props.testid} />
      </label>
      <button type="button" onClick={() => void copy(ref)} aria-label={t('org.copy', { what: props.label })}>
        {copied ? t('org.copied') : t('org.copyShort')}
      </button>
    </div>
  );
}
