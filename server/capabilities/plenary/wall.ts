import { EVERYONE } from '../../../shared/domain/audience.js';
import { ev } from '../../../shared/domain/events.js';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import type { SessionState } from '../../../shared/domain/state.js';
import type { WallContent } from '../../../shared/domain/plenary/schemas.js';
import type { z } from 'zod';
import type { WallShowInput } from '../../../shared/protocol/commands/wall.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { own } from '../../../shared/domain/keyed.js';
import { expired } from '../../../shared/domain/rooms/broadcast.js';

/**
 * What the wall shows, checked against the state: a poll (its question; its tally only once the results are
 * public, since the server sends the projector no hidden tally), a sheet only once published, a highlight
 * with its text.
 */
export function decideWallShow(state: SessionState, input: z.output<typeof WallShowInput>, now: number): NewEvent[] {
  let content: WallContent;
  switch (input.kind) {
    case 'poll': {
      const p = own(state.polls, input.pollId);
      if (!p || p.status === 'draft') throw new DomainError('NOT_FOUND', 'no such poll');
      content = { kind: 'poll', pollId: p.id };
      break;
    }
    case 'sheet':
      if (!own(state.published ?? {}, input.roomId)) throw new DomainError('NOT_FOUND', 'this sheet is not published');
      content = { kind: 'sheet', roomId: input.roomId };
      break;
    case 'highlight': {
      const h = state.bridge.highlights.find((x) => x.id === input.highlightId);
      if (!h) throw new DomainError('NOT_FOUND', 'no such highlight');
      if (expired(h.expiresAt, now)) throw new DomainError('CONFLICT', 'this highlight has expired: highlight it again');
      // Its end travels with it: the server clears the wall at expiresAt (dueLoop), the screen hides it then too.
      content = { kind: 'highlight', id: h.id, text: h.text, name: h.name, expiresAt: h.expiresAt ?? null };
      break;
    }
    case 'queue':
      if (!own(state.rooms, input.roomId)) throw new DomainError('NOT_FOUND', 'no such room');
      content = { kind: 'queue', roomId: input.roomId };
      break;
    case 'message':
      content = { kind: 'message', text: input.text };
      break;
    default:
      content = { kind: input.kind };
  }
  return [ev('wall:shown', { content }, EVERYONE)];
}

export function decideWallClear(state: SessionState): NewEvent[] {
  return state.wall ? [ev('wall:cleared', {}, EVERYONE)] : [];
}
