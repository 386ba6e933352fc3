import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../shared/domain/apply.js';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';
import { ViewerRole } from '../../shared/protocol/primitives.js';
import { tokenExpiry } from '../../server/auth/links.js';
import { LEGACY_TOKEN_LIFETIME_MS, TokenSigner } from '../../server/auth/tokens.js';
import { assertInviteUsable, assertJoinable, decideJoining, decideObserverCap, decideReissue } from '../../server/capabilities/access/decide.js';
import { eventForRole, isRoleDependent, replayFor, versionsByRole } from '../../server/capabilities/eventRedaction.js';
import { newPerson } from '../../server/capabilities/people/decide.js';
import { tokenRefusal } from '../../server/realtime/tokenPolicy.js';

const stored = (seq: number, type: string, data: unknown, audience: StoredEvent['audience'] = { all: true }): StoredEvent => ({ seq, at: seq, by: null, type, data, audience });

function commit(s: SessionState, events: Array<{ type: string; data: unknown }>) {
  for (const e of events) applyEvent(s, { seq: s.seq + 1, at: 0, by: null, type: e.type, data: e.data });
}

describe('[U1] per-role cut of logged events', () => {
  const removed = stored(5, 'person:removed', { personId: 'p1', reason: 'insults' });
  const posted = stored(6, 'chat:posted', { message: { id: 'm1', roomId: 'plenary', personId: 'p2', name: 'B', text: 'secret', at: 6, hidden: false } }, { rooms: ['plenary'] });

  it('gives removal reasons to moderators only and no chat to the projector', () => {
    for (const role of ViewerRole.options) {
      const cut = eventForRole(removed, role);
      expect({ role, reason: (cut!.data as { reason: string }).reason }).toEqual({ role, reason: role === 'moderator' ? 'insults' : '' });
    }
    expect(eventForRole(posted, 'projector')).toBeNull();
    expect(eventForRole(posted, 'participant')).toBe(posted); // untouched: the same object, no copy
    expect(removed.data).toEqual({ personId: 'p1', reason: 'insults' }); // the stored event is never changed
  });

  it('blanks, in a replay, a message hidden later in it or already hidden in the state', () => {
    const hidden = stored(7, 'chat:hidden', { roomId: 'plenary', messageId: 'm1' }, { rooms: ['plenary'], roles: ['moderator'] });
    const note = stored(8, 'chat:hiddenNote', { messageId: 'm1', reason: 'r', text: 'secret', byId: 'mod' }, { roles: ['moderator'] });
    const s = emptySessionState('s');
    const viewer = { personId: 'p3', role: 'participant' as const, rooms: ['plenary'] };
    const out = replayFor([posted, hidden, note], viewer, s);
    expect(out.map((e) => e.type)).toEqual(['chat:posted', 'chat:hidden']);
    expect(JSON.stringify(out)).not.toContain('secret');
    s.chat.plenary = [{ id: 'm1', roomId: 'plenary', personId: 'p2', name: 'B', text: '', at: 6, hidden: true }];
    expect(JSON.stringify(replayFor([posted], viewer, s))).not.toContain('secret');
    expect(JSON.stringify(replayFor([posted, hidden, note], { ...viewer, role: 'moderator' }, s))).toContain('secret');
  });

  it('groups roles that read the same version into one live emit', () => {
    expect(versionsByRole(posted).map((v) => v.roles)).toEqual([['moderator', 'facilitator', 'participant', 'observer']]);
    const removal = versionsByRole(removed);
    expect(removal.map((v) => v.roles)).toEqual([['moderator'], ['facilitator', 'participant', 'observer', 'projector']]);
    expect((removal[1].event.data as { reason: string }).reason).toBe('');
  });

  it('marks exactly the role-dependent types for per-role live fan-out', () => {
    expect(['person:removed', 'chat:posted', 'chat:hidden', 'chat:hiddenNote'].every(isRoleDependent)).toBe(true);
    expect(['person:joined', 'queue:raised', 'poll:opened'].some(isRoleDependent)).toBe(false);
  });
});

describe('[U2] token expiry and key generations', () => {
  it('expires at the end of the UTC day of issue plus the grace hours', () => {
    const issued = Date.UTC(2026, 11, 2, 9, 30);
    expect(tokenExpiry(issued, 30)).toBe(Date.UTC(2026, 11, 3, 0, 0) + 30 * 3600_000);
    expect(tokenExpiry(Date.UTC(2026, 11, 2, 23, 59), 0)).toBe(Date.UTC(2026, 11, 3));
  });

  it('reads tokens from before expiry and generations as generation 0 with a fixed lifetime', () => {
    const signer = new TokenSigner('a-secret-a-secret-a-secret-0123456789');
    const claims = signer.verifyPerson(signer.personToken('s', 'p', 'moderator'))!;
    expect(claims.gen).toBe(0);
    expect(claims.exp - claims.iat).toBe(LEGACY_TOKEN_LIFETIME_MS);
    expect(signer.verifyPerson(signer.personToken('s', 'p', 'moderator', { gen: 3, exp: 42 }))).toMatchObject({ gen: 3, exp: 42 });
  });

  it('names the reason: expired first, then revoked for moderator, projector and observer tokens only', () => {
    const state = { access: { generation: 2, joiningOpen: true, observerCap: 25 } };
    const now = 1_000;
    expect(tokenRefusal({ tokenRole: 'participant', tokenGen: 0, tokenExp: 999 }, state, now)?.code).toBe('TOKEN_EXPIRED');
    expect(tokenRefusal({ tokenRole: 'participant', tokenGen: 0, tokenExp: 2_000 }, state, now)).toBeNull();
    for (const role of ['moderator', 'projector', 'observer'] as const) {
      expect(tokenRefusal({ tokenRole: role, tokenGen: 1, tokenExp: 2_000 }, state, now)?.code).toBe('TOKEN_REVOKED');
      expect(tokenRefusal({ tokenRole: role, tokenGen: 2, tokenExp: 2_000 }, state, now)).toBeNull();
    }
  });
});

describe('[U3] access decisions', () => {
  it('raises the generation, closes joining, caps observers', () => {
    const s = emptySessionState('s');
    s.joinCode = 'ABCDEFGH';
    commit(s, decideReissue(s));
    commit(s, decideReissue(s));
    expect(s.access.generation).toBe(2);
    expect(() => assertInviteUsable(s, 1)).toThrow(expect.objectContaining({ code: 'TOKEN_REVOKED' }));
    expect(() => assertJoinable(s, 'ABCDEFGH')).not.toThrow();
    expect(() => assertJoinable(s, 'HGFEDCBA')).toThrow(expect.objectContaining({ code: 'INVALID_JOIN_CODE' }));
    commit(s, decideJoining(s, false));
    expect(decideJoining(s, false)).toEqual([]);
    expect(() => assertJoinable(s, 'ABCDEFGH')).toThrow(expect.objectContaining({ code: 'JOINING_CLOSED' }));
    commit(s, decideObserverCap(s, 1));
    expect(() => assertInviteUsable(s, 2)).not.toThrow();
    commit(s, [{ type: 'person:joined', data: { person: newPerson({ id: 'o1', name: 'O', role: 'observer', modality: 'online', at: 0 }) } }]);
    expect(() => assertInviteUsable(s, 2)).toThrow(expect.objectContaining({ code: 'OBSERVER_CAP_REACHED' }));
  });
});
