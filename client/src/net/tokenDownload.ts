import { useState } from 'react';
import { loadToken } from './tokens.js';

/**
 * Saves a staff file (the report, a print-kit page) as a download. The routes want the moderator's token in a
 * header (never in an address, where it would land in history and logs), so the file is fetched and saved as
 * a blob. `busy` names the file being fetched; `failed` says the last one was refused or unreachable.
 */
export function useTokenDownload(headers: () => Record<string, string> = () => ({ authorization: `Bearer ${loadToken('moderator') ?? ''}` })) {
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  async function download(url: string, fileName: string) {
    setBusy(fileName);
    setFailed(false);
    try {
      const res = await fetch(url, { headers: headers() });
      if (!res.ok) throw new Error(String(res.status));
      const blobUrl = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = blobUrl;
      a.download = fileName;
      a.click();
      // Revoked after the click has started the download.
      setTimeout(() => URL.revokeObjectURL(blobUrl), 10_000);
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  }
  return { busy, failed, download };
}
