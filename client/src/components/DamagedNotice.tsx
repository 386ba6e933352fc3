import type { SessionState } from '../../../shared/domain/state.js';
import { useI18n } from '../i18n/i18n.js';

/** How many skipped events the notice names; the rest are in the server log with their seq. */
const LISTED = 5;

/**
 * Moderators only: logged events that failed to apply and were skipped (state.damaged, see applyEvent).
 * The session goes on without them; the notice says so, so that someone looks at the server log.
 */
export function DamagedNotice({ state }: { state: SessionState }) {
  const { t } = useI18n();
  const damaged = state.damaged ?? [];
  if (!damaged.length) return null;
  const list = damaged.slice(0, LISTED).map((d) => `#${d.seq} ${d.type}`).join(', ') + (damaged.length > LISTED ? ', …' : '');
  return (
    <p className="alert" role="status" data-testid="damaged-notice">
      {t('damaged.notice', { count: damaged.length, list })}
    </p>
  );
}
