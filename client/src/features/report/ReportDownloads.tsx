import { useI18n } from '../../i18n/i18n.js';
import { useTokenDownload } from '../../net/tokenDownload.js';

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
  const { busy, failed, download: save } = useTokenDownload();
  const download = (ext: string) => save(`/api/sessions/${encodeURIComponent(sessionId)}/report.${ext}`, `report-${sessionId}.${ext}`);

  return (
    <section className="card report-downloads" aria-labelledby="report-title" data-testid="report-downloads">
      <h2 id="report-title">{t('report.title')}</h2>
      <p>
        {t('report.intro')}{' '}
        {FORMATS.map((f) => (
          <button key={f.ext} type="button" onClick={() => void download(f.ext)} disabled={busy !== null} data-testid={`report-${f.ext}`}>
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
