import type { ReactNode } from 'react';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { QueueEntry } from '../../../../shared/domain/queue/schemas.js';
import { speakerKey, waitingEntries } from '../../../../shared/domain/queue/order.js';
import { useI18n } from '../../i18n/i18n.js';
import { own } from '../../../../shared/domain/keyed.js';

/**
 * A room's queue in its fair order. Onsite/online and "first time" are said in words (never by colour alone),
 * so moderators can alternate between the hall and online at a glance.
 */
export function QueueList({ state, roomId, limit, actions }: { state: SessionState; roomId: string; limit?: number; actions?: (e: QueueEntry) => ReactNode }) {
  const { t } = useI18n();
  const ordered = waitingEntries(state, roomId);
  const spoken = own(state.queues, roomId)?.spoken ?? {};
  if (!ordered.length) return <p className="muted">{t('queue.empty')}</p>;
  return (
    <ol className="queue-list" data-testid="queue-list">
      {ordered.slice(0, limit ?? ordered.length).map((e) => (
        <li key={e.id}>
          <span className="queue-name">
            <bdi>{e.name}</bdi>
          </span>{' '}
          <span className={`queue-mark ${e.modality}`}>{e.modality === 'online' ? t('queue.online') : t('queue.onsite')}</span>
          {!(spoken[speakerKey(e)] > 0) && <span className="queue-mark first"> {t('queue.firstTime')}</span>}
          {e.addedBy && <span className="muted"> · {e.invited ? t('queue.invitedBy') : t('queue.addedBy')}</span>}
          {actions && <span className="actions">{actions(e)}</span>}
        </li>
      ))}
    </ol>
  );
}
