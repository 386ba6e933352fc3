import { DomainError } from '../../../shared/protocol/errors.js';
import type { SessionState } from '../../../shared/domain/state.js';
import type { Audience, Viewer } from '../../../shared/domain/audience.js';
import { worksheetLockOf } from '../../../shared/domain/worksheet/lockApply.js';
import type { Store } from '../../store/Store.js';
import type { CommandContext, Handlers } from '../types.js';
import { seqOf } from '../types.js';
import { chatRoomFor } from '../chat/decide.js';
import { compactStored, fromBase64, isValidUpdate, syncStep2 } from './yjsUpdates.js';
import { isValidAwareness } from './awareness.js';
import { decideLock } from './lock.js';
import { own } from '../../../shared/domain/keyed.js';

/** Above this many stored updates of a room, the instance that appended compacts them into one. */
export const WORKSHEET_COMPACT_AT = 200;

/**
 * Largest worksheet, in bytes of its encoded (garbage-collected) Yjs document: about 200 000 characters of
 * text, some fifty pages, far beyond what a group writes in an hour, yet small enough for a phone to load.
 */
export const WORKSHEET_MAX_BYTES = 200 * 1024;

/**
 * Merges the stored updates into one through a garbage-collected document (deleted text is dropped). Safe under
 * concurrent appends (they land after the merged prefix) and concurrent compactions (the store's version check
 * lets only one replace a given prefix).
 */
export async function compactWorksheet(store: Store, sessionId: string, roomId: string): Promise<boolean> {
  const { updates, version } = await store.readWorksheet(sessionId, roomId);
  if (updates.length === 0) return false;
  const merged = compactStored(updates);
  // One update already collected: nothing to gain, and no write.
  if (updates.length === 1 && merged === updates[0]) return false;
  return store.compactWorksheet(sessionId, roomId, version, updates.length, merged);
}

/** Rooms this instance is compacting now: one compaction at a time per room (others would only lose the race). */
const compacting = new Set<string>();

function compactInBackground(ctx: { store: Store; sessionId: string; log: { warn(o: object, m: string): void } }, roomId: string) {
  const key = `${ctx.sessionId}/${roomId}`;
  if (compacting.has(key)) return;
  compacting.add(key);
  compactWorksheet(ctx.store, ctx.sessionId, roomId)
    .catch((err) => ctx.log.warn({ err, roomId }, 'worksheet compaction failed'))
    .finally(() => compacting.delete(key));
}

/**
 * The chat's membership rule (the room you are in, or the room a moderator visits), plus the breakout group
 * a person is assigned to even while they are elsewhere: text typed in the group on a phone whose link had
 * dropped, sent after everyone was recalled to the plenary, still lands in the group's worksheet.
 */
export function worksheetRoomFor(state: SessionState, viewer: Viewer, roomId: string): string {
  if (own(state.rooms, roomId) && own(state.roomsRun.groupOf, viewer.personId) === roomId) return roomId;
  return chatRoomFor(state, viewer, roomId);
}

/** Moderators read every room's sheet (the console's overview) without visiting; everyone else as they write. */
function readableRoomFor(state: SessionState, viewer: Viewer, roomId: string): string {
  if (viewer.role === 'moderator') {
    if (!own(state.rooms, roomId)) throw new DomainError('NOT_FOUND', 'no such room');
    return roomId;
  }
  return worksheetRoomFor(state, viewer, roomId);
}

/**
 * Who receives a room's live edits and presence: the sockets in the room, and every moderator (the overview
 * shows all groups live). A phone is in its own room's Socket.IO room only, so it never gets another group's.
 */
export function worksheetAudience(roomId: string): Audience {
  // Observers and the projector sit in the plenary but read published sheets only, never drafts.
  return { rooms: [roomId], roles: ['moderator'], exceptRoles: ['observer', 'projector'] };
}

/**
 * Refuses an edit of a locked sheet. The local state may trail a lock (or an unlock) just acked on another
 * instance by a relay hop, so when the log's head is past the local state the edit first catches up with it:
 * an edit sent after a lock's ack is refused on every instance, one sent after an unlock's ack lands. The
 * catch-up waits its turn in the session's queue, so it is done only when the log has moved (not behind every
 * queued ballot of a burst when nothing new was logged).
 */
async function assertUnlocked(ctx: CommandContext, roomId: string): Promise<void> {
  if ((await ctx.store.headSeq(ctx.sessionId)) > ctx.state.seq) await ctx.hub.catchUp(ctx.sessionId);
  if (worksheetLockOf(ctx.state, roomId)) throw new DomainError('WORKSHEET_LOCKED');
}

/**
 * Refuses an update that would take the sheet past WORKSHEET_MAX_BYTES. Cheap while the stored updates are
 * small (their summed size is read inside the store); near the limit the sheet is compacted first (deleted text
 * no longer counts) and the update is measured on the collected document: one that does not make it larger
 * (e.g. deleting text) is always accepted, so a full sheet can be shortened.
 */
async function assertFits(ctx: CommandContext, roomId: string, update: string): Promise<void> {
  const stored = await ctx.store.worksheetSize(ctx.sessionId, roomId);
  if (((stored + update.length) * 3) / 4 <= WORKSHEET_MAX_BYTES) return;
  await compactWorksheet(ctx.store, ctx.sessionId, roomId).catch(() => false);
  const { updates } = await ctx.store.readWorksheet(ctx.sessionId, roomId);
  const before = fromBase64(compactStored(updates)).length;
  const after = fromBase64(compactStored([...updates, update])).length;
  if (after > WORKSHEET_MAX_BYTES && after > before) throw new DomainError('WORKSHEET_TOO_LARGE');
}

export const worksheetHandlers: Handlers<'worksheet:open' | 'worksheet:update' | 'worksheet:lock' | 'worksheet:awareness' | 'worksheet:overview'> = {
  'worksheet:open': async (ctx, p) => {
    const roomId = readableRoomFor(ctx.state, ctx.viewer, p.roomId);
    const { updates } = await ctx.store.readWorksheet(ctx.sessionId, roomId);
    let sync: { update: string; stateVector: string };
    try {
      sync = syncStep2(updates, p.stateVector);
    } catch {
      throw new DomainError('BAD_REQUEST', 'not a Yjs state vector');
    }
    return { ...sync, locked: !!worksheetLockOf(ctx.state, roomId) };
  },
  'worksheet:update': async (ctx, p) => {
    const roomId = worksheetRoomFor(ctx.state, ctx.viewer, p.roomId);
    if (!isValidUpdate(fromBase64(p.update))) throw new DomainError('BAD_REQUEST', 'not a Yjs update');
    // Both read the store; side by side, an edit waits for one durable read, not two in a row.
    await Promise.all([assertUnlocked(ctx, roomId), assertFits(ctx, roomId, p.update)]);
    const count = await ctx.store.appendWorksheetUpdate(ctx.sessionId, roomId, p.update);
    // Relayed on every instance to the room's other sockets and the moderators; not logged; not echoed.
    ctx.emit(worksheetAudience(roomId), 'worksheet:update', { roomId, update: p.update, from: ctx.personId }, { exceptSender: true });
    if (count > WORKSHEET_COMPACT_AT) compactInBackground(ctx, roomId);
    return {};
  },
  'worksheet:lock': async (ctx, p) => {
    const events = await ctx.execute((s) => decideLock(s, ctx.viewer, p.roomId, p.locked));
    // The sheet is final for now: store it compacted (a failure only postpones that to the next append).
    if (p.locked) await compactWorksheet(ctx.store, ctx.sessionId, p.roomId).catch((err) => ctx.log.warn({ err }, 'worksheet compaction failed'));
    return seqOf(events);
  },
  'worksheet:awareness': async (ctx, p) => {
    const roomId = worksheetRoomFor(ctx.state, ctx.viewer, p.roomId);
    if (!isValidAwareness(p.update)) throw new DomainError('BAD_REQUEST', 'not an awareness update');
    ctx.emit(worksheetAudience(roomId), 'worksheet:awareness', { roomId, update: p.update, from: ctx.personId }, { exceptSender: true });
    return {};
  },
  'worksheet:overview': async (ctx) => {
    const state = ctx.state;
    const sheets = [];
    for (const roomId of state.roomOrder) {
      if (!own(state.rooms, roomId)) continue;
      const { updates } = await ctx.store.readWorksheet(ctx.sessionId, roomId);
      sheets.push({ roomId, update: syncStep2(updates, undefined).update, locked: !!worksheetLockOf(state, roomId) });
    }
    return { sheets };
  },
};
