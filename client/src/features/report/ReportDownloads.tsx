import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { loadToken } from '../../net/tokens.js';

const FORMATS = [
  { ext: 'html', label: 'HTML' },
  { ext: 'md', label: 'Markdown' },
  { ext: 'csv', label: 'CSV' },
  { ext: 'json', label: 'JSON' },
] as const;

/**
 * The report download area of the moderator console. The route wants the moderator's token in a header
 * (never in an address, where it would land in history and logs), so each file is fetched and saved as a blob.
 */
export function ReportDownloads({ sessionId }: { sessionId: string }) {
  const { t } = useI18n();
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  async function download(ext: string) {
    setBusy(ext);
    setFailed(false);
    try {
      const res = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/report.${ext}`, { headers: { authorization: `Bearer ${loadToken('moderator') ?? ''}` } });
      if (!res.ok) throw new Error(String(res.status));
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `report-${sessionId}.${ext}`;
      a.click();
      // Revoked after the click has started the download.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card report-downloads" aria-labelledby="report-title" data-testid="report-downloads">
      <h2 id="report-title">{t('report.title')}</h2>
      <p>
        {t('report.intro')}{' '}
        {FORMATS.map((f) => (
          <button key={f.ext} type="button" onClick={() => download(f.ext)} disabled={busy !== null} data-testid={`report-${f.ext}`}>
            {f.label}
          </button>
        ))}
      </p>
      {failed && (
        <p className="alert" role="alert">
          {t('report.failed')}
        </p>
      )}
    </section>
  );
}
