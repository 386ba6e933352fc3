import { EVERYONE } from '../../../shared/domain/audience.js';
import { ev } from '../../../shared/domain/events.js';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import type { SessionState } from '../../../shared/domain/state.js';
import type { PublishedSheet } from '../../../shared/domain/plenary/schemas.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { own } from '../../../shared/domain/keyed.js';
import { paragraphs } from './sheetText.js';

/** Pure decisions of the plenary: publication of group sheets (their text is rendered by the handler). */

export function decidePublish(
  state: SessionState,
  roomId: string,
  rendered: Array<{ key: string; text: string }>,
  chosen: string[] | undefined,
  by: string,
  now: number,
): NewEvent[] {
  const room = own(state.rooms, roomId);
  if (!room) throw new DomainError('NOT_FOUND', 'no such room');
  for (const key of chosen ?? []) if (!rendered.some((s) => s.key === key)) throw new DomainError('NOT_FOUND', `no section "${key}" in this sheet`);
  const sections = rendered.filter((s) => (!chosen || chosen.includes(s.key)) && s.text.trim().length > 0).map((s) => ({ key: s.key, text: s.text.trim() }));
  if (!sections.length) throw new DomainError('CONFLICT', 'nothing written in these sections yet');
  const sheet: PublishedSheet = { roomId, groupName: room.name, sections, publishedAt: now, byId: by };
  return [ev('plenary:published', { sheet }, EVERYONE)];
}

export function decideUnpublish(state: SessionState, roomId: string): NewEvent[] {
  if (!own(state.published ?? {}, roomId)) throw new DomainError('NOT_FOUND', 'this sheet is not published');
  return [ev('plenary:unpublished', { roomId }, EVERYONE)];
}

/** The paragraph of a published sheet a moderator copies into the recommendations, with its source noted. */
export function recommendationLine(state: SessionState, roomId: string, section: string, index: number): string {
  const sheet = own(state.published ?? {}, roomId);
  if (!sheet) throw new DomainError('NOT_FOUND', 'this sheet is not published');
  const s = sheet.sections.find((x) => x.key === section);
  const text = s ? paragraphs(s.text)[index] : undefined;
  if (text === undefined) throw new DomainError('NOT_FOUND', 'no such paragraph');
  return `${text} (from ${sheet.groupName})`;
}
