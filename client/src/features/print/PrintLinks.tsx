import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { loadToken } from '../../net/tokens.js';

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
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  async function download(name: string) {
    setBusy(name);
    setFailed(false);
    try {
      const res = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/print/${name}.html`, { headers: { authorization: `Bearer ${loadToken('moderator') ?? ''}` } });
      if (!res.ok) throw new Error(String(res.status));
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `${name}-${sessionId}.html`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card print-links" aria-labelledby="print-title" data-testid="print-links">
      <h2 id="print-title">{t('print.title')}</h2>
      <p>{t('print.intro')}</p>
      <p>
        {PAGES.map((p) => (
          <button key={p.name} type="button" onClick={() => download(p.name)} disabled={busy !== null} data-testid={`print-${p.name}`}>
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
