import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import './observerReport.css';

/** Moderators let observers download the report's public part (results), or stop it. Off by default. */
export function ObserverReportToggle({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const allowed = state.reportForObservers === true;
  return (
    <p className="card observer-report" data-testid="observer-report">
      <label>
        <input type="checkbox" checked={allowed} onChange={(e) => void conn.request('report:setObserverAccess', { allowed: e.target.checked })} /> {t('report.observers')}
      </label>
    </p>
  );
}
