import { useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import type { SessionConnection } from '../../net/connection.js';
import type { SessionState } from '../../../../shared/domain/state.js';
import { own } from '../../../../shared/domain/keyed.js';
import { sectionTitle } from '../../../../shared/domain/worksheet/sections.js';
import { useI18n } from '../../i18n/i18n.js';
import { fromBase64, toBase64 } from './base64.js';
import { sectionText, sectionsToShow } from './sections.js';
import { applyLocalValue, mapCaret, type TextDelta } from './textBinding.js';
import { usePresence, type Peer } from './presence.js';
import './worksheet.css';

const LOCAL = 'local';
/** Keystrokes within this window travel as one merged update: fewer commands from a phone on a weak link. */
const SEND_EVERY_MS = 250;

type Socket = { on(e: string, f: (m: never) => void): void; off(e: string, f: (m: never) => void): void };

/**
 * The room's worksheet: one Y.Doc, one labelled textarea per section (the sections come from the session: the
 * running part's questions). Local edits go out through the connection's outbox (kept while offline, resent
 * with the same cid; a Yjs update applied twice is harmless); relayed updates of others are applied as they
 * come; after a reconnect the worksheet is synced by state vector (y-protocols step 1/2): only what was missed
 * comes back. A locked sheet is shown read-only (the panel remounts this view when the lock changes, so what
 * the server refused is not left on screen as if it counted).
 */
export default function Worksheet({ conn, roomId, roomName, state, locked }: { conn: SessionConnection; roomId: string; roomName: string; state: SessionState; locked: boolean }) {
  const { t, lang } = useI18n();
  const [doc, setDoc] = useState<Y.Doc | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [sending, setSending] = useState(0);
  // Bumped when a section gets text, so a section of an earlier part appears.
  const [, setVersion] = useState(0);

  useEffect(() => {
    // Created here (not in render) so that a remount gets a fresh document and the old one is destroyed.
    const doc = new Y.Doc();
    setDoc(doc);
    let alive = true;
    let synced = false;
    const open = async () => {
      // Read, not queued: offline it is skipped, and the reconnect below opens it again. After the first
      // open, the state vector says what this phone has, so only the rest comes back.
      const stateVector = synced ? toBase64(Y.encodeStateVector(doc)) : undefined;
      const res = await conn.query('worksheet:open', stateVector ? { roomId, stateVector } : { roomId });
      if (!alive || !res?.ok) return;
      Y.applyUpdate(doc, fromBase64(res.update), 'server');
      synced = true;
      setLoaded(true);
    };
    void open();

    const socket = conn.socket as unknown as Socket;
    const onUpdate = (m: { roomId: string; update: string }) => {
      if (m.roomId === roomId) Y.applyUpdate(doc, fromBase64(m.update), 'server');
    };
    socket.on('worksheet:update', onUpdate);
    const onAnyChange = () => setVersion((v) => v + 1);
    doc.on('afterTransaction', onAnyChange);

    let wasConnected = conn.status === 'connected';
    const unsubscribe = conn.subscribe(() => {
      const connected = conn.status === 'connected';
      if (connected && !wasConnected) void open();
      wasConnected = connected;
    });

    let batch: Uint8Array[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const send = () => {
      timer = null;
      if (!batch.length) return;
      const update = toBase64(batch.length === 1 ? batch[0] : Y.mergeUpdates(batch));
      batch = [];
      setSending((n) => n + 1);
      void conn.request('worksheet:update', { roomId, update }).finally(() => alive && setSending((n) => n - 1));
    };
    const onLocal = (u: Uint8Array, origin: unknown) => {
      if (origin !== LOCAL) return;
      batch.push(u);
      timer ??= setTimeout(send, SEND_EVERY_MS);
    };
    doc.on('update', onLocal);

    return () => {
      if (timer) clearTimeout(timer);
      send(); // nothing typed is dropped when the view goes away (a lock refuses it, and the person is told)
      alive = false;
      doc.off('update', onLocal);
      doc.off('afterTransaction', onAnyChange);
      socket.off('worksheet:update', onUpdate);
      unsubscribe();
      doc.destroy();
    };
  }, [conn, roomId]);

  const presence = usePresence(conn, roomId, doc);
  const nameOf = (p: Peer) => own(state.people, p.personId)?.name ?? '';

  return (
    <section className="card worksheet" aria-labelledby="worksheet-title" data-locked={locked ? 'true' : undefined}>
      <h2 id="worksheet-title">{t('worksheet.title', { room: roomName })}</h2>
      {locked ? (
        <p className="worksheet-locked" role="status" data-testid="worksheet-locked">
          <span aria-hidden="true">🔒 </span>
          {t('worksheet.locked')}
        </p>
      ) : (
        <p className="worksheet-hint">{t('worksheet.hint')}</p>
      )}
      {doc &&
        sectionsToShow(state, doc).map((s) => {
          const text = sectionText(doc, s.id);
          if (!text) return null;
          const here = presence.peers.filter((p) => p.section === s.id);
          return (
            <SectionField
              key={s.id}
              text={text}
              id={`worksheet-${s.id}`}
              label={sectionTitle(s, lang, state.languages)}
              disabled={!loaded}
              readOnly={locked}
              onCaret={(index) => presence.setCursor(index === null ? null : { section: s.id, index })}
              others={here.map(nameOf).filter(Boolean)}
            />
          );
        })}
      <p className="worksheet-status" role="status" aria-live="polite">
        {!loaded ? t('worksheet.loading') : sending > 0 ? t('worksheet.saving') : t('worksheet.saved')}
      </p>
    </section>
  );
}

/** A textarea bound to a Y.Text. Uncontrolled: remote changes set the value directly and keep the caret. */
function SectionField({ text, id, label, disabled, readOnly, onCaret, others }: {
  text: Y.Text;
  id: string;
  label: string;
  disabled: boolean;
  readOnly: boolean;
  onCaret: (index: number | null) => void;
  others: string[];
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.value = text.toString();
    const onChange = (e: Y.YTextEvent, tr: Y.Transaction) => {
      if (tr.origin === LOCAL) return; // the textarea already shows it
      const focused = document.activeElement === el;
      const [start, end] = [el.selectionStart, el.selectionEnd];
      el.value = text.toString();
      if (focused) el.setSelectionRange(mapCaret(start, e.delta as TextDelta), mapCaret(end, e.delta as TextDelta));
    };
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [text]);
  const caret = () => onCaret(ref.current ? ref.current.selectionStart : null);
  return (
    <div className="worksheet-section">
      <label htmlFor={id}>{label}</label>
      {others.length > 0 && (
        <p className="worksheet-presence" data-testid="worksheet-presence">
          <span aria-hidden="true">✎ </span>
          {t('worksheet.presence', { names: others.join(', ') })}
        </p>
      )}
      <textarea
        id={id}
        ref={ref}
        rows={4}
        disabled={disabled}
        readOnly={readOnly}
        aria-readonly={readOnly || undefined}
        onInput={(e) => {
          if (readOnly) return;
          applyLocalValue(text, e.currentTarget.value, LOCAL);
          caret();
        }}
        onSelect={caret}
        onFocus={caret}
        onBlur={() => onCaret(null)}
      />
    </div>
  );
}
