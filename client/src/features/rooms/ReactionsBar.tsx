import { useState } from 'react';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n, type MessageKey } from '../../i18n/i18n.js';

const REACTIONS = [
  { id: 'agree', icon: '👍' },
  { id: 'applause', icon: '👏' },
  { id: 'question', icon: '✋' },
  { id: 'cantHear', icon: '🔇' },
] as const;

/** Online participants' reactions, counted per minute for the moderators (labelled, not icon-only). */
export function ReactionsBar({ conn }: { conn: SessionConnection }) {
  const { t } = useI18n();
  const [sent, setSent] = useState<string | null>(null);
  const react = async (r: (typeof REACTIONS)[number]['id']) => {
    const res = await conn.request('bridge:react', { reaction: r });
    setSent(res.ok ? t(`react.${r}` as MessageKey) : t('chat.slowDown'));
  };
  return (
    <section className="card reactions" aria-labelledby="react-title">
      <h2 id="react-title">{t('react.title')}</h2>
      <div className="reaction-row">
        {REACTIONS.map((r) => (
          <button key={r.id} type="button" onClick={() => void react(r.id)}>
            <span aria-hidden="true">{r.icon}</span> {t(`react.${r.id}` as MessageKey)}
          </button>
        ))}
      </div>
      <p role="status" className="muted">
        {sent ? t('react.sent', { what: sent }) : ''}
      </p>
    </section>
  );
}
