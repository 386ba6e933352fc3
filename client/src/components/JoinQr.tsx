import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { useI18n } from '../i18n/i18n.js';

/**
 * A QR code of the join URL, with the URL and code written out for people who cannot scan.
 * Only staff views (projector, moderator console) mount it, and they are lazy chunks, so the
 * `qrcode` library never reaches a participant's phone.
 */
export function JoinQr({ code, size = 240, className }: { code: string; size?: number; className?: string }) {
  const { t } = useI18n();
  const url = `${location.origin}/join/${code}`;
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Dark on white with a quiet zone: the most reliable combination for cheap phone cameras.
    QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } })
      .then((s) => live && setSvg(s))
      .catch(() => live && setSvg(null));
    return () => {
      live = false;
    };
  }, [url]);
  return (
    <figure className={`join-qr ${className ?? ''}`} data-testid="join-qr">
      {svg && <div className="qr-img" role="img" aria-label={t('qr.alt', { url })} style={{ width: size, height: size }} dangerouslySetInnerHTML={{ __html: svg }} />}
      <figcaption>
        <span>{t('qr.scan')}</span>{' '}
        <span className="qr-url" dir="ltr">
          {url}
        </span>
      </figcaption>
    </figure>
  );
}
