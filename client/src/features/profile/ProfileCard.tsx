import { useState } from 'react';
import type { SessionState } from '../../../../shared/domain/state.js';
import { own } from '../../../../shared/domain/keyed.js';
import type { SessionConnection } from '../../net/connection.js';
import { pickLocalized, useI18n } from '../../i18n/i18n.js';
import './profile.css';

/**
 * "A few questions about you", asked once after joining when the session has profile questions, and skippable.
 * Each question is one tap (big buttons for small phones), with "prefer not to say"; the answers go to the
 * server in one command and nobody else ever receives them. Gone once answered or skipped.
 */
export function ProfileCard({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t, lang } = useI18n();
  const [choices, setChoices] = useState<Array<number | null | undefined>>([]);
  const [sending, setSending] = useState(false);
  const [failed, setFailed] = useState(false);
  const questions = state.profile?.questions ?? [];
  const me = conn.personId ? own(state.people, conn.personId) : undefined;
  if (!me || me.role !== 'participant' || questions.length === 0 || own(state.profile?.answers, me.id)) return null;

  async function send(list: Array<number | null>) {
    setSending(true);
    setFailed(false);
    const res = await conn.request('profile:answer', { choices: list });
    setSending(false);
    // CONFLICT: answered already (another tab); the state will say so.
    if (!res.ok && res.error.code !== 'CONFLICT') setFailed(true);
  }
  const text = (x: string | Record<string, string>) => pickLocalized(x, lang, state.languages).text;
  // Unanswered questions before the last answered one are sent as "prefer not to say"; trailing ones are left out.
  const answered = (): Array<number | null> => {
    const last = choices.reduce<number>((acc, c, i) => (c !== undefined ? i : acc), -1);
    return Array.from({ length: last + 1 }, (_, i) => choices[i] ?? null);
  };
  const pick = (q: number, c: number | null) => setChoices((prev) => Object.assign([...prev], { [q]: c }));

  return (
    <section className="card profile-card" aria-labelledby="profile-title" data-testid="profile-card">
      <h2 id="profile-title">{t('profile.title')}</h2>
      <p>{t('profile.intro')}</p>
      {questions.map((q, qi) => (
        <fieldset key={q.id} className="profile-question">
          <legend>{text(q.question)}</legend>
          {[...q.options.map((o, oi) => ({ label: text(o), value: oi as number | null })), { label: t('profile.preferNot'), value: null }].map((o) => (
            <button
              key={String(o.value)}
              type="button"
              className={choices[qi] === o.value ? 'choice selected' : 'choice'}
              aria-pressed={choices[qi] === o.value}
              onClick={() => pick(qi, o.value)}
            >
              {o.label}
            </button>
          ))}
        </fieldset>
      ))}
      <p className="profile-actions">
        <button type="button" className="primary" disabled={sending || choices.every((c) => c === undefined)} onClick={() => void send(answered())} data-testid="profile-send">
          {t('profile.send')}
        </button>
        <button type="button" disabled={sending} onClick={() => void send([])} data-testid="profile-skip">
          {t('agenda.skip')}
        </button>
      </p>
      {failed && (
        <p className="alert" role="alert">
          {t('profile.failed')}
        </p>
      )}
    </section>
  );
}
