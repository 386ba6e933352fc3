import type { Server } from 'socket.io';
import type { WireEvent } from '../../shared/domain/eventTypes.js';
import type { SocketData } from './socketData.js';

/**
 * Live delivery of log events with each socket's own "previous seq" (issue 20: gap detection only where a gap
 * can be). A socket holds `lastSent`, the seq of the last event this instance emitted to it (set to the state's
 * seq when it joins its rooms, which is what its next sync covers). Every event goes out carrying
 * `prev` = that socket's `lastSent`, so the client can tell "events I was not meant to see" (prev <= my seq)
 * from "events I missed" (prev > my seq) without asking `session:sync` on every jump.
 *
 * Recipients are grouped by their `prev`: Socket.IO encodes a packet once per emit, so the cost is one
 * encoding per group (one for a plenary broadcast, about one per breakout room during breakouts), not one per
 * socket; the extra work is one pass over the recipients, as the adapter itself makes.
 */
export function emitLive(io: Server, targets: string[], except: string[], wire: WireEvent): void {
  const nsp = io.of('/');
  const rooms = nsp.adapter.rooms;
  const excluded = new Set<string>();
  for (const r of except) for (const id of rooms.get(r) ?? []) excluded.add(id);
  const groups = new Map<number, string[]>();
  const seen = new Set<string>();
  for (const r of targets) {
    for (const id of rooms.get(r) ?? []) {
      if (seen.has(id) || excluded.has(id)) continue;
      seen.add(id);
      const socket = nsp.sockets.get(id);
      if (!socket) continue;
      const data = socket.data as SocketData;
      const prev = data.lastSent ?? 0;
      data.lastSent = wire.seq;
      const group = groups.get(prev);
      if (group) group.push(id);
      else groups.set(prev, [id]);
    }
  }
  if (groups.size === 1) {
    // The common case: every recipient saw the same previous event; address them as the audience's rooms.
    const [prev] = groups.keys();
    io.local.to(targets).except(except).emit('session:event', { ...wire, prev });
    return;
  }
  for (const [prev, ids] of groups) io.local.to(ids).emit('session:event', { ...wire, prev });
}
