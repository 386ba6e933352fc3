import { canSee, type Viewer } from '../../shared/domain/audience.js';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import type { SessionState } from '../../shared/domain/state.js';
import { ViewerRole } from '../../shared/protocol/primitives.js';

/**
 * What one role may read of a logged event, beyond its audience. The log keeps everything (the organisers'
 * report needs the removal reason and the text of hidden messages); what leaves the server is cut here, the
 * same way for live fan-out and for the replay of `session:sync`:
 * - a removal reason goes to moderators only (everybody else learns that the person left, not why);
 * - the projector shows no chat, so it receives none;
 * - in a replay, a message that was hidden since is sent blank to everyone but moderators (live, the post went
 *   out before anyone hid it; a replay must not hand the hidden text to a latecomer).
 * Returns the event itself when nothing is cut (callers compare by identity), a copy when something is, and
 * null when the role receives nothing of it.
 */
export function eventForRole(e: StoredEvent, role: ViewerRole, hiddenMessageIds?: ReadonlySet<string>): StoredEvent | null {
  if (role === 'projector' && e.type.startsWith('chat:')) return null;
  if (role === 'moderator') return e;
  if (e.type === 'person:removed') {
    const d = e.data as { personId: string; reason: string };
    return { ...e, data: { personId: d.personId, reason: '' } };
  }
  if (e.type === 'chat:posted' && hiddenMessageIds?.size) {
    const d = e.data as { message: { id: string; text: string; hidden: boolean } };
    if (hiddenMessageIds.has(d.message.id)) return { ...e, data: { ...d, message: { ...d.message, text: '', hidden: true } } };
  }
  return e;
}

/** Event types whose content depends on the receiver's role, so live fan-out sends one version per role. */
export const ROLE_DEPENDENT_PREFIXES = ['chat:', 'person:removed'] as const;

export function isRoleDependent(type: string): boolean {
  return ROLE_DEPENDENT_PREFIXES.some((p) => type.startsWith(p));
}

/**
 * The missed events a viewer receives on `session:sync`: those whose audience includes it, cut for its role.
 * Messages hidden later in the replay, or already hidden in the state, go out blank.
 */
export function replayFor(events: StoredEvent[], viewer: Viewer, state: SessionState): StoredEvent[] {
  const hidden = new Set<string>();
  for (const e of events) if (e.type === 'chat:hidden') hidden.add((e.data as { messageId: string }).messageId);
  for (const list of Object.values(state.chat)) for (const m of list) if (m.hidden) hidden.add(m.id);
  const out: StoredEvent[] = [];
  for (const e of events) {
    if (!canSee(e.audience, viewer)) continue;
    const cut = eventForRole(e, viewer.role, hidden);
    if (cut) out.push(cut);
  }
  return out;
}

/**
 * The distinct versions of a role-dependent event for live fan-out, each with the roles that receive it, so
 * roles that read the same thing share one emit (a chat message: one for everyone but the projector, none
 * for it; a removal: one for moderators, one for the rest).
 */
export function versionsByRole(e: StoredEvent): Array<{ event: StoredEvent; roles: ViewerRole[] }> {
  const groups = new Map<string, { event: StoredEvent; roles: ViewerRole[] }>();
  for (const role of ViewerRole.options) {
    const cut = eventForRole(e, role);
    if (!cut) continue;
    const key = cut === e ? '' : JSON.stringify(cut.data);
    const g = groups.get(key);
    if (g) g.roles.push(role);
    else groups.set(key, { event: cut, roles: [role] });
  }
  return [...groups.values()];
}
