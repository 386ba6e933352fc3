import { useState } from 'react';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { own, ownEach } from '../../../../shared/domain/keyed.js';

/** "I need help" with an optional note; then who is helping, and a way to say it is solved. */
export function HelpButton({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const [asking, setAsking] = useState(false);
  const mine = ownEach(state.help.requests, state.help.order).find((r) => r.personId === conn.personId && r.status !== 'closed');
  return (
    <section className="card help" aria-labelledby="help-title">
      <h2 id="help-title">{t('help.title')}</h2>
      <div role="status" aria-live="polite">
        {mine && <p className="help-state">{mine.status === 'taken' ? t('help.helping', { name: mine.helperName ?? '' }) : t('help.waiting')}</p>}
      </div>
      {mine ? (
        <button type="button" onClick={() => void conn.request('help:close', { requestId: mine.id })}>
          {t('help.solved')}
        </button>
      ) : asking ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void conn.request('help:request', { note: note.trim() });
            setAsking(false);
            setNote('');
          }}
        >
          <label htmlFor="help-note">{t('help.note')}</label>
          <input id="help-note" value={note} maxLength={300} onChange={(e) => setNote(e.target.value)} />
          <button type="submit" className="primary">
            {t('help.send')}
          </button>
        </form>
      ) : (
        <button type="button" className="primary" onClick={() => setAsking(true)}>
          {t('help.need')}
        </button>
      )}
    </section>
  );
}
