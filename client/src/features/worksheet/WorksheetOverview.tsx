import { useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import type { SessionConnection } from '../../net/connection.js';
import type { SessionState } from '../../../../shared/domain/state.js';
import { own } from '../../../../shared/domain/keyed.js';
import { worksheetLockOf } from '../../../../shared/domain/worksheet/lockApply.js';
import { sectionTitle } from '../../../../shared/domain/worksheet/sections.js';
import { useI18n } from '../../i18n/i18n.js';
import { fromBase64 } from './base64.js';
import { sectionText, sectionsToShow } from './sections.js';
import './worksheet.css';

type Socket = { on(e: string, f: (m: never) => void): void; off(e: string, f: (m: never) => void): void };

/** Someone counts as typing for this long after their last edit or caret move reached the console. */
const TYPING_MS = 5_000;

/**
 * The moderators' view of every group's worksheet, live, without visiting: one card per room with its sections,
 * who is typing, its lock, and "open full size". Moderators receive every room's edits and presence (their
 * audience includes the moderator role); the first state comes from `worksheet:overview`, again after each
 * reconnect. Read-only: a moderator writes in a sheet by visiting the room.
 */
export default function WorksheetOverview({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t, lang } = useI18n();
  const docs = useRef(new Map<string, Y.Doc>());
  const typing = useRef(new Map<string, Map<string, number>>());
  const [, setVersion] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let alive = true;
    const bump = () => alive && setVersion((v) => v + 1);
    const docOf = (roomId: string) => {
      let d = docs.current.get(roomId);
      if (!d) docs.current.set(roomId, (d = new Y.Doc()));
      return d;
    };
    const load = async () => {
      const res = await conn.query('worksheet:overview', {});
      if (!alive || !res?.ok) return;
      for (const s of res.sheets) Y.applyUpdate(docOf(s.roomId), fromBase64(s.update), 'server');
      bump();
    };
    void load();
    const seen = (roomId: string, personId: string) => {
      let m = typing.current.get(roomId);
      if (!m) typing.current.set(roomId, (m = new Map()));
      m.set(personId, Date.now());
    };
    const socket = conn.socket as unknown as Socket;
    const onUpdate = (m: { roomId: string; update: string; from: string }) => {
      Y.applyUpdate(docOf(m.roomId), fromBase64(m.update), 'server');
      seen(m.roomId, m.from);
      bump();
    };
    const onAwareness = (m: { roomId: string; from: string }) => {
      seen(m.roomId, m.from);
      bump();
    };
    socket.on('worksheet:update', onUpdate);
    socket.on('worksheet:awareness', onAwareness);
    let wasConnected = conn.status === 'connected';
    const unsubscribe = conn.subscribe(() => {
      const connected = conn.status === 'connected';
      if (connected && !wasConnected) void load();
      wasConnected = connected;
    });
    // "Typing" fades without further messages.
    const tick = setInterval(() => alive && setNow(Date.now()), 1_000);
    return () => {
      alive = false;
      clearInterval(tick);
      socket.off('worksheet:update', onUpdate);
      socket.off('worksheet:awareness', onAwareness);
      unsubscribe();
      for (const d of docs.current.values()) d.destroy();
      docs.current.clear();
    };
  }, [conn]);

  const rooms = state.roomOrder.map((id) => own(state.rooms, id)).filter((r) => !!r);
  const typingIn = (roomId: string) =>
    [...(typing.current.get(roomId) ?? new Map<string, number>())]
      .filter(([, at]) => now - at < TYPING_MS)
      .map(([pid]) => own(state.people, pid)?.name)
      .filter((n): n is string => !!n);

  const sheet = (roomId: string, full: boolean) => {
    const doc = docs.current.get(roomId);
    if (!doc) return <p className="ws-ov-empty">{t('worksheet.loading')}</p>;
    const sections = sectionsToShow(state, doc);
    return sections.map((s) => {
      const text = sectionText(doc, s.id)?.toString() ?? '';
      return (
        <div key={s.id} className="ws-ov-section">
          <h4>{sectionTitle(s, lang, state.languages)}</h4>
          <p className={full ? 'ws-ov-text ws-ov-full-text' : 'ws-ov-text'} data-testid={`ws-ov-text-${roomId}-${s.id}`}>
            {text.trim() ? text : <em>{t('worksheet.overview.empty')}</em>}
          </p>
        </div>
      );
    });
  };

  const lockButton = (roomId: string) => {
    const locked = !!worksheetLockOf(state, roomId);
    return (
      <button type="button" className={locked ? undefined : 'danger'} onClick={() => void conn.request('worksheet:lock', { roomId, locked: !locked })}>
        {locked ? t('worksheet.unlock') : t('worksheet.lock')}
      </button>
    );
  };

  const openRoom = open ? own(state.rooms, open) : null;
  return (
    <section className="card ws-overview" aria-labelledby="ws-overview-title" data-testid="worksheet-overview">
      <h2 id="ws-overview-title">{t('worksheet.overview.title')}</h2>
      <div className="ws-ov-grid">
        {rooms.map((r) => {
          const names = typingIn(r.id);
          const locked = !!worksheetLockOf(state, r.id);
          return (
            <article key={r.id} className="ws-ov-card" data-testid={`ws-ov-card-${r.id}`} aria-labelledby={`ws-ov-${r.id}`}>
              <header>
                <h3 id={`ws-ov-${r.id}`}>
                  {r.name}
                  {locked && <span className="ws-ov-badge"> 🔒 {t('worksheet.overview.lockedBadge')}</span>}
                </h3>
                <p className="ws-ov-typing" aria-live="off">{names.length ? `✎ ${t('worksheet.overview.typing', { names: names.join(', ') })}` : '\u00a0'}</p>
              </header>
              <div className="ws-ov-body">{sheet(r.id, false)}</div>
              <footer>
                <button type="button" onClick={() => setOpen(r.id)}>{t('worksheet.overview.open')}</button>
                {lockButton(r.id)}
              </footer>
            </article>
          );
        })}
      </div>
      {openRoom && (
        <div className="ws-ov-modal" role="dialog" aria-modal="true" aria-labelledby="ws-ov-full-title" data-testid="worksheet-full">
          <div className="ws-ov-modal-inner">
            <header>
              <h3 id="ws-ov-full-title">{openRoom.name}</h3>
              <p className="ws-ov-typing">{typingIn(openRoom.id).length ? `✎ ${t('worksheet.overview.typing', { names: typingIn(openRoom.id).join(', ') })}` : '\u00a0'}</p>
              {lockButton(openRoom.id)}
              <button type="button" className="primary ws-ov-close" onClick={() => setOpen(null)} autoFocus>
                {t('worksheet.overview.close')}
              </button>
            </header>
            <div className="ws-ov-full-body">{sheet(openRoom.id, true)}</div>
          </div>
        </div>
      )}
    </section>
  );
}
