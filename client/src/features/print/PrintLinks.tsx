import { useI18n } from '../../i18n/i18n.js';
import { useTokenDownload } from '../../net/tokenDownload.js';

const PAGES = [
  { name: 'cards', label: 'print.cards' },
  { name: 'agenda', label: 'print.agenda' },
  { name: 'questionnaire', label: 'print.questionnaire' },
] as const;

/**
 * The print kit in the moderator console: join cards, the hall's agenda and the paper questionnaires. Like the
 * report, the pages want the moderator's token in a header (never in an address), so each page is fetched and
 * saved as an HTML file; opened in the browser it prints on A4 or saves as PDF.
 */
export function PrintLinks({ sessionId }: { sessionId: string }) {
  const { t } = useI18n();
  const { busy, failed, download: save } = useTokenDownload();
  const download = (name: string) => save(`/api/sessions/${encodeURIComponent(sessionId)}/print/${name}.html`, `${name}-${sessionId}.html`);

  return (
    <section className="card print-links" aria-labelledby="print-title" data-testid="print-links">
      <h2 id="print-title">{t('print.title')}</h2>
      <p>{t('print.intro')}</p>
      <p>
        {PAGES.map((p) => (
          <button key={p.name} type="button" onClick={() => void download(p.name)} disabled={busy !== null} data-testid={`print-${p.name}`}>
            {t(p.label)}
          </button>
        ))}
      </p>
      {failed && (
        <p className="alert" role="alert">
          {t('print.failed')}
        </p>
      )}
    </section>
  );
}
