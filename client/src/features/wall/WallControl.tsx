import { useLayoutEffect, useRef, useState } from 'react';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { WallKind } from '../../../../shared/domain/plenary/schemas.js';
import type { SessionConnection } from '../../net/connection.js';
import { pickLocalized, useI18n, type MessageKey } from '../../i18n/i18n.js';
import { own, ownEach } from '../../../../shared/domain/keyed.js';
import { WallScreen } from './WallScreen.js';

const KINDS: WallKind[] = ['part', 'join', 'poll', 'sheet', 'highlight', 'queue', 'message'];

/**
 * The moderators choose what the wall screen shows, one content at a time, with a live preview that renders
 * the projector's own component scaled down. A poll whose results are hidden can be shown only after a
 * "reveal" (its results switch to live for everyone: phones, observers and the wall get the same tally).
 */
export function WallControl({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t, lang } = useI18n();
  const [kind, setKind] = useState<WallKind>('part');
  const [pollId, setPollId] = useState('');
  const [roomId, setRoomId] = useState('');
  const [highlightId, setHighlightId] = useState('');
  const [text, setText] = useState('');
  const polls = ownEach(state.polls, state.pollOrder).filter((p) => p.status !== 'draft');
  const sheets = ownEach(state.published ?? {}, state.publishedOrder ?? []);
  const highlights = state.bridge.highlights;
  const poll = own(state.polls, pollId || polls.at(-1)?.id || '');
  const hidden = poll && !(poll.resultsVisibility === 'live' || (poll.resultsVisibility === 'afterClose' && poll.status === 'closed'));
  const wall = state.wall ?? null;

  const show = () => {
    const content =
      kind === 'poll' ? { kind, pollId: poll?.id ?? '' }
      : kind === 'sheet' ? { kind, roomId: roomId || sheets.at(-1)?.roomId || '' }
      : kind === 'highlight' ? { kind, highlightId: highlightId || highlights.at(-1)?.id || '' }
      : kind === 'queue' ? { kind, roomId: 'plenary' }
      : kind === 'message' ? { kind, text }
      : { kind };
    void conn.request('wall:show', { content } as never);
  };
  const missing =
    (kind === 'poll' && !poll) || (kind === 'sheet' && !sheets.length) || (kind === 'highlight' && !highlights.length) || (kind === 'message' && !text.trim());

  return (
    <section className="card wall-control" aria-labelledby="wall-control-title" data-testid="wall-control">
      <h2 id="wall-control-title">{t('wall.control')}</h2>
      <p>{t('wall.control')}: <strong data-testid="wall-now">{wall ? t(`wall.kind.${wall.kind}` as MessageKey) : t('wall.idle')}</strong></p>
      <WallPreview state={state} conn={conn} />
      <div className="wall-kinds" role="group" aria-label={t('wall.control')}>
        {KINDS.map((k) => (
          <button key={k} type="button" aria-pressed={kind === k} onClick={() => setKind(k)} data-kind={k}>
            {t(`wall.kind.${k}` as MessageKey)}
          </button>
        ))}
      </div>
      {kind === 'poll' && (
        <label>
          {t('wall.kind.poll')}{' '}
          <select value={poll?.id ?? ''} onChange={(e) => setPollId(e.target.value)} data-testid="wall-poll">
            {polls.map((p) => <option key={p.id} value={p.id}>{pickLocalized(p.question, lang, state.languages).text}</option>)}
          </select>
          {hidden && poll && (
            <button type="button" onClick={() => void conn.request('polls:setVisibility', { pollId: poll.id, resultsVisibility: 'live' })} data-testid="wall-reveal">
              {t('wall.reveal')}
            </button>
          )}
        </label>
      )}
      {kind === 'sheet' && (
        <label>
          {t('wall.kind.sheet')}{' '}
          <select value={roomId || sheets.at(-1)?.roomId || ''} onChange={(e) => setRoomId(e.target.value)}>
            {sheets.map((s) => <option key={s.roomId} value={s.roomId}>{s.groupName}</option>)}
          </select>
        </label>
      )}
      {kind === 'highlight' && (
        <label>
          {t('wall.kind.highlight')}{' '}
          <select value={highlightId || highlights.at(-1)?.id || ''} onChange={(e) => setHighlightId(e.target.value)}>
            {highlights.map((h) => <option key={h.id} value={h.id}>{`${h.name}: ${h.text.slice(0, 60)}`}</option>)}
          </select>
        </label>
      )}
      {kind === 'message' && (
        <label>
          {t('wall.kind.message')}{' '}
          <input value={text} maxLength={280} onChange={(e) => setText(e.target.value)} data-testid="wall-message" />
        </label>
      )}
      <p>
        <button type="button" onClick={show} disabled={missing} data-testid="wall-show">{t('wall.show')}</button>{' '}
        <button type="button" onClick={() => void conn.request('wall:clear', {})} disabled={!wall}>{t('wall.clear')}</button>
      </p>
    </section>
  );
}

/** The projector's own view of what is on the wall now, at 1920×1080 scaled to the preview's width. */
function WallPreview({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(0.25);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const fit = () => setScale(el.clientWidth / 1920 || 0.25);
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return (
    <div className="wall-preview" ref={box} role="img" aria-label={t('wall.control')} data-testid="wall-preview">
      <div className="wall-preview-inner" style={{ ['--wall-preview-scale' as string]: scale }} aria-hidden="true">
        <WallScreen state={state} conn={conn} content={state.wall ?? null} />
      </div>
    </div>
  );
}
