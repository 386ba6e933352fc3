import { EVERYONE } from '../../../shared/domain/audience.js';
import { ev } from '../../../shared/domain/events.js';
import { rosterAudience } from '../../../shared/domain/people/roster.js';
import type { NewEvent } from '../../../shared/domain/eventTypes.js';
import { PLENARY_ID, type Person, type SessionState } from '../../../shared/domain/state.js';
import type { Modality } from '../../../shared/protocol/primitives.js';
import { DomainError } from '../../../shared/protocol/errors.js';
import { emptyRecord, own, setOwn } from '../../../shared/domain/keyed.js';

/** Pure decisions about people. Each returns the events to log or throws a DomainError. */

function target(state: SessionState, personId: string): Person {
  const p = own(state.people, personId);
  if (!p || p.removed) throw new DomainError('NOT_FOUND', 'no such person in this session');
  return p;
}

export interface NewPersonInput {
  id: string;
  name: string;
  role: Person['role'];
  modality: Modality;
  side?: Modality | null;
  label?: string | null;
  table?: string | null;
  at: number;
}

export function newPerson(input: NewPersonInput): Person {
  return {
    id: input.id,
    name: input.name,
    role: input.role,
    side: input.side ?? null,
    modality: input.modality,
    label: input.label ?? null,
    table: input.table ?? null,
    roomId: PLENARY_ID,
    visiting: null,
    support: false,
    removed: false,
    joinedAt: input.at,
    connections: {},
  };
}

/**
 * One logged event per join, delivered to the staff and the newcomer only: participants learn of joins from the
 * roster digest (server/realtime/rosterDigest.ts), so N joins do not cost N² messages (issue 20).
 */
export function decideJoin(_state: SessionState, person: Person): NewEvent[] {
  return [ev('person:joined', { person }, rosterAudience(person.id))];
}

export function decideRename(state: SessionState, personId: string, name: string): NewEvent[] {
  const p = target(state, personId);
  if (p.name === name) return [];
  return [ev('person:renamed', { personId, name }, EVERYONE)];
}

export function decideSetRole(state: SessionState, personId: string, role: 'participant' | 'facilitator' | 'observer'): NewEvent[] {
  const p = target(state, personId);
  if (p.role === 'moderator') throw new DomainError('CONFLICT', "a moderator's role cannot be changed");
  if (p.role === role) return [];
  return [ev('person:roleChanged', { personId, role }, EVERYONE)];
}

export function decideSetLabel(state: SessionState, personId: string, label: string | null): NewEvent[] {
  const p = target(state, personId);
  if (p.label === label) return [];
  return [ev('person:labelled', { personId, label }, EVERYONE)];
}

export function decideSetSupport(state: SessionState, personId: string, support: boolean): NewEvent[] {
  const p = target(state, personId);
  if (p.support === support) return [];
  return [ev('person:supportChanged', { personId, support }, EVERYONE)];
}

/** The moderators' private note on a person: never sent to anyone but moderators (audience and snapshot redaction). */
export function decideSetNote(state: SessionState, personId: string, note: string | null): NewEvent[] {
  target(state, personId);
  const next = note?.trim() ? note.trim() : null;
  if ((own(state.staffNotes ?? {}, personId) ?? null) === next) return [];
  return [ev('person:noted', { personId, note: next }, { roles: ['moderator'] })];
}

export function decideRemove(state: SessionState, byPersonId: string, personId: string, reason: string): NewEvent[] {
  const p = target(state, personId);
  if (personId === byPersonId) throw new DomainError('CONFLICT', 'a moderator cannot remove themselves');
  if (p.role === 'moderator') throw new DomainError('FORBIDDEN', 'moderators cannot be removed');
  // The reason is kept in the log for the organisers' report.
  return [ev('person:removed', { personId, reason }, EVERYONE)];
}

/** Logs the counts that differ from the state (people removed meanwhile are skipped). */
export function decidePresence(state: SessionState, instanceId: string, counts: Record<string, number>): NewEvent[] {
  const changed = emptyRecord<number>();
  for (const [personId, count] of Object.entries(counts)) {
    const p = own(state.people, personId);
    if (!p || p.removed || (own(p.connections, instanceId) ?? 0) === count) continue;
    setOwn(changed, personId, count);
  }
  // Roster news like a join (a join storm is also a connection storm): participants read it in the digest.
  return Object.keys(changed).length ? [ev('presence:changed', { instanceId, counts: changed }, rosterAudience())] : [];
}

/** An instance whose heartbeat expired: clear its connections if any person still has some. */
export function decideInstanceGone(state: SessionState, instanceId: string): NewEvent[] {
  const any = Object.values(state.people).some((p) => own(p.connections, instanceId));
  return any ? [ev('presence:instanceGone', { instanceId }, EVERYONE)] : [];
}
