import { Suspense } from 'react';
import { lazyWithRetry } from '../../net/lazyWithRetry.js';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';

// yjs loads only with the overview, as with the worksheet itself.
const WorksheetOverview = lazyWithRetry(() => import('./WorksheetOverview.js'));

/** The console's overview of every group's worksheet (one line to mount in the console). */
export function WorksheetOverviewPanel({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  return (
    <Suspense fallback={<p className="worksheet-loading">{t('worksheet.loading')}</p>}>
      <WorksheetOverview state={state} conn={conn} />
    </Suspense>
  );
}
