import { DomainError } from '../../../shared/protocol/errors.js';
import type { SessionState } from '../../../shared/domain/state.js';
import type { Viewer } from '../../../shared/domain/audience.js';
import type { Store } from '../../store/Store.js';
import type { Handlers } from '../types.js';
import { chatRoomFor } from '../chat/decide.js';
import { fromBase64, isValidUpdate, mergeStored } from './yjsUpdates.js';
import { own } from '../../../shared/domain/keyed.js';

/** Above this many stored updates of a room, the instance that appended compacts them into one. */
export const WORKSHEET_COMPACT_AT = 200;

/**
 * Merges the stored updates into one. Safe under concurrent appends (they land after the merged prefix)
 * and concurrent compactions (the store's version check lets only one replace a given prefix).
 */
export async function compactWorksheet(store: Store, sessionId: string, roomId: string): Promise<boolean> {
  const { updates, version } = await store.readWorksheet(sessionId, roomId);
  if (updates.length < 2) return false;
  return store.compactWorksheet(sessionId, roomId, version, updates.length, mergeStored(updates));
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

export const worksheetHandlers: Handlers<'worksheet:open' | 'worksheet:update'> = {
  'worksheet:open': async (ctx, p) => {
    const roomId = worksheetRoomFor(ctx.state, ctx.viewer, p.roomId);
    const { updates } = await ctx.store.readWorksheet(ctx.sessionId, roomId);
    return { update: mergeStored(updates) };
  },
  'worksheet:update': async (ctx, p) => {
    const roomId = worksheetRoomFor(ctx.state, ctx.viewer, p.roomId);
    if (!isValidUpdate(fromBase64(p.update))) throw new DomainError('BAD_REQUEST', 'not a Yjs update');
    const count = await ctx.store.appendWorksheetUpdate(ctx.sessionId, roomId, p.update);
    // Relayed to the room's sockets (members and visiting moderators) on every instance; not logged.
    // Observers and the projector sit in the plenary but read published sheets only, never drafts.
    ctx.emit({ rooms: [roomId], exceptRoles: ['observer', 'projector'] }, 'worksheet:update', { roomId, update: p.update, from: ctx.personId });
    if (count > WORKSHEET_COMPACT_AT) compactInBackground(ctx, roomId);
    return {};
  },
};
