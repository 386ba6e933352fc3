import { Suspense, useState, type FormEvent } from 'react';
import type { SessionState } from '../../../../shared/domain/state.js';
import { steersRoom } from '../../../../shared/domain/steering.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { clockTime } from './time.js';
import { own } from '../../../../shared/domain/keyed.js';
import { lazyWithRetry } from '../../net/lazyWithRetry.js';

// The hide-reason form is for those who steer the room: participants never download it.
const InlineAsk = lazyWithRetry(() => import('../../components/InlineAsk.js').then((m) => ({ default: m.InlineAsk })));

const MAX = 500;

/**
 * The chat of one room. Moderators and the room's facilitator can hide a message (with a reason);
 * moderators see why and can highlight a message for the onsite moderator.
 */
export function ChatPanel({ state, conn, roomId, canWrite = true }: { state: SessionState; conn: SessionConnection; roomId: string; canWrite?: boolean }) {
  const { t, tp } = useI18n();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const me = conn.personId ? own(state.people, conn.personId) : null;
  const room = own(state.rooms, roomId);
  const isMod = me?.role === 'moderator';
  const canHide = !!me && steersRoom(state, { personId: me.id, role: me.role }, roomId);
  // Hidden messages disappear for participants; moderators keep a placeholder with the reason.
  const messages = (own(state.chat, roomId) ?? []).filter((m) => isMod || !m.hidden);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    const body = text.trim();
    if (!body) return;
    setText('');
    const res = await conn.request('chat:send', { roomId, text: body });
    if (!res.ok) {
      setText(body);
      setError(res.error.code === 'RATE_LIMITED' ? t('chat.slowDown') : t('chat.notSent'));
    } else setError(null);
  };
  // The reason is asked in place under the message (InlineAsk), not with window.prompt().
  const [hiding, setHiding] = useState<string | null>(null);
  const hide = (id: string) => setHiding(id);
  const confirmHide = (id: string, reason: string) => {
    setHiding(null);
    void conn.request('chat:hide', { roomId, messageId: id, reason });
  };
  const highlight = (id: string) => void conn.request('bridge:highlight', { source: { kind: 'chat', roomId, messageId: id } });
  const titleId = `chat-title-${roomId}`;
  return (
    <section className="card chat" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('chat.title', { room: room?.kind === 'plenary' ? t('rooms.plenary') : room?.name ?? '' })}</h2>
      <ol className="chat-log" aria-live="polite" data-testid="chat-log">
        {messages.slice(-100).map((m) => (
          <li key={m.id} className={m.hidden ? 'hidden-msg' : ''}>
            <bdi className="who">{m.name}</bdi> <time className="when">{clockTime(m.at)}</time>
            <p className="text" dir="auto">{m.hidden ? t('chat.hidden') : m.text}</p>
            {isMod && m.hidden && own(state.bridge.hiddenNotes, m.id) && (
              <p className="note">
                {t('chat.hiddenBecause', { reason: own(state.bridge.hiddenNotes, m.id)!.reason })} «{own(state.bridge.hiddenNotes, m.id)!.text}»
              </p>
            )}
            {!m.hidden && (canHide || isMod) && (
              <span className="actions">
                {isMod && (
                  <button type="button" onClick={() => highlight(m.id)}>
                    {t('bridge.highlight')}
                  </button>
                )}
                {canHide && (
                  <button type="button" className="danger" onClick={() => hide(m.id)}>
                    {t('chat.hide')}
                  </button>
                )}
              </span>
            )}
            {!m.hidden && canHide && hiding === m.id && (
              <Suspense fallback={null}>
              <InlineAsk
                label={t('chat.hideReason')}
                required
                maxLength={300}
                danger
                submitLabel={t('chat.hide')}
                testId="hide-reason-form"
                onSubmit={(reason) => confirmHide(m.id, reason)}
                onCancel={() => setHiding(null)}
              />
              </Suspense>
            )}
          </li>
        ))}
      </ol>
      {canWrite && (
        <form onSubmit={send} className="chat-form">
          <label htmlFor={`chat-input-${roomId}`}>{t('chat.yourMessage')}</label>
          <textarea id={`chat-input-${roomId}`} value={text} maxLength={MAX} rows={2} onChange={(e) => setText(e.target.value)} />
          <small>{tp('chat.nLeft', MAX - text.length)}</small>
          <button type="submit" className="primary" disabled={!text.trim()}>
            {t('chat.send')}
          </button>
          {error && (
            <p className="alert" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
