import { useEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { fromBase64, toBase64 } from './base64.js';
import { WORKSHEET_SECTIONS } from './sections.js';
import { applyLocalValue, mapCaret, type TextDelta } from './textBinding.js';
import './worksheet.css';

const LOCAL = 'local';
/** Keystrokes within this window travel as one merged update: fewer commands from a phone on a weak link. */
const SEND_EVERY_MS = 250;

type Socket = { on(e: string, f: (m: never) => void): void; off(e: string, f: (m: never) => void): void };

/**
 * The room's worksheet: one Y.Doc, one labelled textarea per section. Local edits go out through the
 * connection's outbox (kept while offline, resent with the same cid; a Yjs update applied twice is harmless);
 * relayed updates of others are applied as they come; after every reconnect the worksheet is re-opened
 * so whatever was missed meanwhile is merged in.
 */
export default function Worksheet({ conn, roomId, roomName }: { conn: SessionConnection; roomId: string; roomName: string }) {
  const { t } = useI18n();
  const [doc, setDoc] = useState<Y.Doc | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [sending, setSending] = useState(0);

  useEffect(() => {
    // Created here (not in render) so that a remount gets a fresh document and the old one is destroyed.
    const doc = new Y.Doc();
    setDoc(doc);
    let alive = true;
    const open = async () => {
      // Read, not queued: offline it is skipped, and the reconnect below opens it again.
      const res = await conn.query('worksheet:open', { roomId });
      if (!alive || !res?.ok) return;
      Y.applyUpdate(doc, fromBase64(res.update), 'server');
      setLoaded(true);
    };
    void open();

    const socket = conn.socket as unknown as Socket;
    const onUpdate = (m: { roomId: string; update: string }) => {
      if (m.roomId === roomId) Y.applyUpdate(doc, fromBase64(m.update), 'server');
    };
    socket.on('worksheet:update', onUpdate);

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
      send(); // nothing typed is dropped when the view goes away
      alive = false;
      doc.off('update', onLocal);
      socket.off('worksheet:update', onUpdate);
      unsubscribe();
      doc.destroy();
    };
  }, [conn, roomId]);

  return (
    <section className="card worksheet" aria-labelledby="worksheet-title">
      <h2 id="worksheet-title">{t('worksheet.title', { room: roomName })}</h2>
      <p className="worksheet-hint">{t('worksheet.hint')}</p>
      {doc && WORKSHEET_SECTIONS.map((s) => (
        <SectionField key={s} text={doc.getText(s)} id={`worksheet-${s}`} label={t(`worksheet.section.${s}`)} disabled={!loaded} />
      ))}
      <p className="worksheet-status" role="status" aria-live="polite">
        {!loaded ? t('worksheet.loading') : sending > 0 ? t('worksheet.saving') : t('worksheet.saved')}
      </p>
    </section>
  );
}

/** A textarea bound to a Y.Text. Uncontrolled: remote changes set the value directly and keep the caret. */
function SectionField({ text, id, label, disabled }: { text: Y.Text; id: string; label: string; disabled: boolean }) {
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
  return (
    <div className="worksheet-section">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} ref={ref} rows={4} disabled={disabled} onInput={(e) => applyLocalValue(text, e.currentTarget.value, LOCAL)} />
    </div>
  );
}
