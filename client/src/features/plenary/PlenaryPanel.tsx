import { useState } from 'react';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { ownEach } from '../../../../shared/domain/keyed.js';
import { PublishedSheets } from './PublishedSheets.js';
import '../wall/wall.css';

/**
 * The moderators' plenary controls: publish a group's sheet (again, to replace it), the published sheets with
 * "add to recommendations", and "make a poll of these recommendations" (a draft the console's polls list shows).
 */
export function PlenaryPanel({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const groups = ownEach(state.rooms, state.roomOrder).filter((r) => r.kind === 'breakout');
  const [roomId, setRoomId] = useState('');
  const [note, setNote] = useState('');
  const chosen = roomId || groups[0]?.id || '';
  const run = async (p: Promise<{ ok: boolean; error?: { message: string } }>, done: string) => {
    const res = await p;
    setNote(res.ok ? done : (res.error?.message ?? ''));
  };
  return (
    <section className="card plenary-panel" aria-labelledby="plenary-title" data-testid="plenary-panel">
      <h2 id="plenary-title">{t('plenary.published')}</h2>
      {groups.length > 0 && (
        <p>
          <label>
            {t('rooms.assignTitle')}{' '}
            <select value={chosen} onChange={(e) => setRoomId(e.target.value)} data-testid="publish-group">
              {groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
          </label>{' '}
          <button type="button" onClick={() => void run(conn.request('plenary:publish', { roomId: chosen }), '')} data-testid="publish">
            {t('plenary.publish')}
          </button>
        </p>
      )}
      <p>
        <button type="button" onClick={() => void run(conn.request('plenary:pollFromRecommendations', {}), '')} data-testid="poll-from-recommendations">
          {t('plenary.makePoll')}
        </button>
      </p>
      {note && <p role="status">{note}</p>}
      <PublishedSheets
        state={state}
        paragraphAction={(sheet, section, paragraph) => (
          <button type="button" className="small" onClick={() => void conn.request('plenary:recommend', { roomId: sheet.roomId, section, paragraph })}>
            {t('plenary.addToRecommendations')}
          </button>
        )}
        sheetAction={(sheet) => (
          <button type="button" onClick={() => void conn.request('plenary:unpublish', { roomId: sheet.roomId })}>
            {t('plenary.unpublish')}
          </button>
        )}
      />
    </section>
  );
}
