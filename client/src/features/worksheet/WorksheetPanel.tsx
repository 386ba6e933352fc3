import { Suspense } from 'react';
import { lazyWithRetry } from '../../net/lazyWithRetry.js';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { own } from '../../../../shared/domain/keyed.js';
import { worksheetLockOf } from '../../../../shared/domain/worksheet/lockApply.js';

// yjs and the editor load only when a worksheet is shown, so the participant's first download stays small.
const Worksheet = lazyWithRetry(() => import('./Worksheet.js'));

/** The worksheet of the room the person is in (a moderator: the room they visit, else the plenary). */
export function WorksheetPanel({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const me = conn.personId ? own(state.people, conn.personId) : null;
  if (!me || me.role === 'observer') return null;
  const roomId = (me.role === 'moderator' && me.visiting) || me.roomId;
  if (!roomId || !own(state.rooms, roomId)) return null;
  const locked = !!worksheetLockOf(state, roomId);
  return (
    <Suspense fallback={<p className="worksheet-loading">{t('worksheet.loading')}</p>}>
      {/* key: a move to another room, or a lock, starts a fresh document (what was refused is not left on screen) */}
      <Worksheet key={`${roomId}:${locked}`} conn={conn} roomId={roomId} roomName={own(state.rooms, roomId)!.name} state={state} locked={locked} />
    </Suspense>
  );
}
