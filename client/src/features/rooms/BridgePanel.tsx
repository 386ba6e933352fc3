import { useEffect, useState } from 'react';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { pickLocalized, useI18n, type MessageKey } from '../../i18n/i18n.js';
import { clockTime } from './time.js';
import { own } from '../../../../shared/domain/keyed.js';
import { expired } from '../../../../shared/domain/rooms/broadcast.js';

interface Pulse {
  minuteStart: number;
  counts: Record<string, number>;
  cantHearPeople: number;
  alert: boolean;
}

/** The live reactions pulse (transient `bridge:pulse` messages, moderators only). */
export function usePulse(conn: SessionConnection): Pulse | null {
  const [pulse, setPulse] = useState<Pulse | null>(null);
  useEffect(() => {
    const on = (p: unknown) => setPulse(p as Pulse);
    conn.socket.on('bridge:pulse', on);
    return () => {
      conn.socket.off('bridge:pulse', on);
    };
  }, [conn]);
  // A pulse belongs to its minute: once the minute is over, it is stale.
  return pulse && conn.serverNow() - pulse.minuteStart < 120_000 ? pulse : null;
}

/**
 * The onsite/online moderator duo: private channel, highlights (with "put on the projector"),
 * check-ins per agenda part, the reactions pulse and the "can't hear" alert.
 */
export function BridgePanel({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const [withFacilitators, setWithFacilitators] = useState(false);
  const [remark, setRemark] = useState('');
  const [summary, setSummary] = useState('');
  const pulse = usePulse(conn);
  const me = conn.personId ? own(state.people, conn.personId) : null;
  const isMod = me?.role === 'moderator';
  const b = state.bridge;
  const openCheckIn = [...b.checkIns].reverse().find((c) => c.answeredAt === null);
  const partTitle = (id: string | null) => {
    const title = state.agenda.find((p) => p.id === id)?.title;
    return title === undefined ? t('agenda.none') : pickLocalized(title, lang, state.languages).text;
  };
  return (
    <section className="card bridge" aria-labelledby="bridge-title">
      <h2 id="bridge-title">{t('bridge.title')}</h2>
      {isMod && (
        <div className="pulse" role="status" aria-live="polite" data-testid="pulse">
          {pulse?.alert && (
            <p className="alert" role="alert">
              ⚠ {t('bridge.cantHearAlert', { n: pulse.cantHearPeople })}
            </p>
          )}
          <p>
            {t('bridge.pulse')}:{' '}
            {(['agree', 'applause', 'question', 'cantHear'] as const).map((r) => `${t(`react.${r}` as MessageKey)} ${pulse?.counts[r] ?? 0}`).join(' · ')}
          </p>
        </div>
      )}

      {isMod && openCheckIn && (
        <div className="checkin" role="status" aria-live="polite">
          <h3>{t('bridge.checkInAsk', { part: partTitle(openCheckIn.partId) })}</h3>
          {me?.side === 'online' ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (!summary.trim()) return;
                const recent = b.highlights.filter((h) => h.saidAt >= openCheckIn.askedAt - 30 * 60_000).map((h) => h.id).slice(-20);
                void conn.request('bridge:answerCheckIn', { checkInId: openCheckIn.id, summary: summary.trim(), highlightIds: recent });
                setSummary('');
              }}
            >
              <label htmlFor="checkin-summary">{t('bridge.summary')}</label>
              <textarea id="checkin-summary" rows={2} maxLength={500} value={summary} onChange={(e) => setSummary(e.target.value)} />
              <button type="submit" className="primary">
                {t('bridge.answer')}
              </button>
            </form>
          ) : (
            <p className="muted">{t('bridge.waitingOnline')}</p>
          )}
        </div>
      )}
      {isMod && (
        <button type="button" onClick={() => void conn.request('bridge:askCheckIn', {})}>
          {t('bridge.askCheckIn')}
        </button>
      )}

      {isMod && (
        <>
          <h3>{t('bridge.highlights')}</h3>
          <ul className="plain highlights" aria-live="polite">
            {[...b.highlights].reverse().slice(0, 20).map((h) => (
              <li key={h.id} data-testid="highlight">
                <strong>{h.name}</strong> <time>{clockTime(h.saidAt)}</time>
                <p>{h.text}</p>
                <button type="button" aria-pressed={b.projected?.id === h.id} disabled={b.projected?.id !== h.id && expired(h.expiresAt, conn.serverNow())} onClick={() => void conn.request('bridge:project', { highlightId: b.projected?.id === h.id ? null : h.id })}>
                  {b.projected?.id === h.id ? t('bridge.unproject') : t('bridge.project')}
                </button>
              </li>
            ))}
          </ul>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (remark.trim()) void conn.request('bridge:highlight', { source: { kind: 'remark', personId: null, text: remark.trim() } });
              setRemark('');
            }}
          >
            <label htmlFor="remark-input">{t('bridge.remark')}</label>
            <input id="remark-input" value={remark} maxLength={500} onChange={(e) => setRemark(e.target.value)} />
            <button type="submit">{t('bridge.highlight')}</button>
          </form>
          <h3>{t('bridge.checkIns')}</h3>
          <ul className="plain">
            {b.checkIns.filter((c) => c.answeredAt !== null).map((c) => (
              <li key={c.id}>
                <strong>{partTitle(c.partId)}</strong>: {c.summary}
              </li>
            ))}
          </ul>
        </>
      )}

      <h3>{t('bridge.channel')}</h3>
      <ol className="plain channel" aria-live="polite">
        {b.messages.slice(-50).map((m) => (
          <li key={m.id}>
            <strong>{m.name}</strong> <time>{clockTime(m.at)}</time>
            {m.toFacilitators && <small> · {t('bridge.withFacilitators')}</small>}: {m.text}
          </li>
        ))}
      </ol>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) void conn.request('bridge:say', { text: text.trim(), toFacilitators: withFacilitators });
          setText('');
        }}
      >
        <label htmlFor="bridge-input">{t('bridge.message')}</label>
        <input id="bridge-input" value={text} maxLength={500} onChange={(e) => setText(e.target.value)} />
        {isMod && (
          <label className="check">
            <input type="checkbox" checked={withFacilitators} onChange={(e) => setWithFacilitators(e.target.checked)} /> {t('bridge.shareFacilitators')}
          </label>
        )}
        <button type="submit">{t('rooms.send')}</button>
      </form>
    </section>
  );
}
