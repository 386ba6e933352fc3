import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { SessionConnection } from '../../net/connection.js';
import { fromBase64, toBase64 } from './base64.js';

/** Another editor of the sheet: who (the server names the sender of each relayed update) and where. */
export interface Peer {
  personId: string;
  section: string;
  index: number;
}

type Cursor = { section: string; index: number } | null;
type Socket = { on(e: string, f: (m: never) => void): void; off(e: string, f: (m: never) => void): void };

/** A caret moving as someone types would send a message per keystroke: at most one per this window. */
const SEND_EVERY_MS = 400;

/**
 * Presence in a worksheet through y-protocols awareness over the session's Socket.IO connection: each editor's
 * section and caret, relayed by the server to the room (and moderators), never stored, dropped 30 s after the
 * last renewal (awareness renews itself every 15 s while the sheet is open). Names are not taken from the
 * awareness state, which anyone could fill in: the server stamps every relay with the sender's person id.
 */
export function usePresence(conn: SessionConnection, roomId: string, doc: Y.Doc | null): { peers: Peer[]; setCursor(c: Cursor): void } {
  const [peers, setPeers] = useState<Peer[]>([]);
  const awRef = useRef<awarenessProtocol.Awareness | null>(null);

  useEffect(() => {
    if (!doc) return;
    const aw = new awarenessProtocol.Awareness(doc);
    awRef.current = aw;
    aw.setLocalState({ cursor: null });
    const owners = new Map<number, string>();
    let from: string | null = null;

    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      if (conn.status !== 'connected') return;
      const update = toBase64(awarenessProtocol.encodeAwarenessUpdate(aw, [doc.clientID]));
      // Ephemeral: not queued while offline (a stale caret is worth nothing later); the reconnect sends anew.
      void conn.query('worksheet:awareness', { roomId, update });
    };
    const onUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === 'remote') {
        if (from) for (const id of [...added, ...updated]) owners.set(id, from);
        for (const id of removed) owners.delete(id);
      } else if ([...added, ...updated, ...removed].includes(doc.clientID)) {
        timer ??= setTimeout(flush, SEND_EVERY_MS);
      }
      const list: Peer[] = [];
      for (const [id, state] of aw.getStates()) {
        const c = (state as { cursor?: Cursor }).cursor;
        const personId = owners.get(id);
        if (id === doc.clientID || !c || !personId || personId === conn.personId) continue;
        if (typeof c.section !== 'string' || typeof c.index !== 'number') continue;
        if (!list.some((p) => p.personId === personId && p.section === c.section)) list.push({ personId, section: c.section, index: c.index });
      }
      setPeers(list);
    };
    aw.on('update', onUpdate);

    const socket = conn.socket as unknown as Socket;
    const onRemote = (m: { roomId: string; update: string; from: string }) => {
      if (m.roomId !== roomId) return;
      from = m.from;
      try {
        awarenessProtocol.applyAwarenessUpdate(aw, fromBase64(m.update), 'remote');
      } catch {
        /* a malformed relay is ignored: presence is a hint */
      } finally {
        from = null;
      }
    };
    socket.on('worksheet:awareness', onRemote);
    let wasConnected = conn.status === 'connected';
    const unsubscribe = conn.subscribe(() => {
      const connected = conn.status === 'connected';
      if (connected && !wasConnected) flush();
      wasConnected = connected;
    });

    return () => {
      if (timer) clearTimeout(timer);
      // Leaving: the others drop this editor at once instead of after 30 s.
      awarenessProtocol.removeAwarenessStates(aw, [doc.clientID], 'local');
      flush();
      aw.off('update', onUpdate);
      socket.off('worksheet:awareness', onRemote);
      unsubscribe();
      aw.destroy();
      awRef.current = null;
    };
  }, [conn, roomId, doc]);

  return {
    peers,
    setCursor(c: Cursor) {
      const aw = awRef.current;
      if (!aw) return;
      const prev = (aw.getLocalState() as { cursor?: Cursor } | null)?.cursor ?? null;
      if (prev?.section === c?.section && prev?.index === c?.index) return;
      aw.setLocalStateField('cursor', c);
    },
  };
}
