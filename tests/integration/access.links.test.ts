import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { TokenSigner } from '../../server/auth/tokens.js';
import { createSession, joinSession, observerToken, ORGANISER_KEY, projectorToken, TOKEN_SECRET, type TestServer } from '../helpers/servers.js';
import { connectError, eventually, type TestClient } from '../helpers/clients.js';
import { useServers } from '../helpers/fixture.js';

const auth = (token: string) => ({ token, protocol: PROTOCOL_VERSION });
const tokenOf = (url: string) => new URL(url).hash.replace(/^#(token|invite)=/, '');

/** Resolves when the server closes the client's socket, with the time and the code it gave. */
function closed(c: TestClient): Promise<{ at: number; code: string | null }> {
  return new Promise((resolve) => {
    let code: string | null = null;
    c.socket.on('session:closing', (m: { code: string }) => (code = m.code));
    c.socket.on('disconnect', () => resolve({ at: Date.now(), code }));
  });
}

async function post(server: TestServer, path: string, body: unknown) {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; token?: string; error?: { code: string } } };
}

describe('[L1] re-issued links: old moderator, projector and observer links refused on every instance within a second', () => {
  const t = useServers();

  it('closes the sockets holding them cluster-wide, refuses their handshakes, keeps participants and the sender', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const part = await joinSession(b, session.joinCode, 'Pat');
    const obs = await observerToken(a, session.observerUrl, 'Olga');
    const oldProjector = projectorToken(session.projectorUrl);
    const sender = t.client(a.url, session.onsiteModeratorToken);
    const held = {
      lostPhone: t.client(b.url, session.onsiteModeratorToken), // the same moderator's other device
      onlineModerator: t.client(b.url, session.onlineModeratorToken),
      projectorA: t.client(a.url, oldProjector),
      projectorB: t.client(b.url, oldProjector),
      observer: t.client(b.url, obs.token),
    };
    const participant = t.client(a.url, part.token);
    await Promise.all([sender, participant, ...Object.values(held)].map((c) => c.ready()));
    const gone = Object.fromEntries(Object.entries(held).map(([k, c]) => [k, closed(c)]));

    const t0 = Date.now();
    const res = await sender.request('access:reissueLinks', {});
    expect(res).toMatchObject({ ok: true, generation: 1 });
    expect(res.links.moderators).toHaveLength(2);
    for (const [who, p] of Object.entries(gone)) {
      const { at, code } = await p;
      expect({ who, code, withinASecond: at - t0 < 1000 }).toEqual({ who, code: 'TOKEN_REVOKED', withinASecond: true });
    }
    // The sender keeps its connection (it got its new token in the ack); participants keep theirs.
    expect((await sender.request('access:setObserverCap', { cap: 30 })).ok).toBe(true);
    expect((await participant.request('chat:send', { text: 'still here' })).ok).toBe(true);
    expect(sender.socket.connected && participant.socket.connected).toBe(true);

    for (const server of t.servers) {
      for (const [who, token] of Object.entries({ onsite: session.onsiteModeratorToken, online: session.onlineModeratorToken, projector: oldProjector, observer: obs.token })) {
        const err = await connectError(server.url, auth(token));
        expect({ who, code: err.data?.code }).toEqual({ who, code: 'TOKEN_REVOKED' });
      }
    }
    const oldInvite = await post(b, '/api/invite', { invite: tokenOf(session.observerUrl), name: 'Late press' });
    expect({ status: oldInvite.status, code: oldInvite.body.error?.code }).toEqual({ status: 401, code: 'TOKEN_REVOKED' });

    // The new links work, on either instance.
    const online = res.links.moderators.find((m: { side: string }) => m.side === 'online');
    await t.client(b.url, tokenOf(online.url)).ready();
    await t.client(b.url, res.token).ready();
    await t.client(a.url, tokenOf(res.links.projectorUrl)).ready();
    const newInvite = await post(a, '/api/invite', { invite: tokenOf(res.links.observerUrl), name: 'New press' });
    expect(newInvite.body.ok).toBe(true);
    await t.client(b.url, newInvite.body.token!).ready();
  });
});

describe('[L1b] organisers re-issue links over HTTP when every moderator link is lost or expired', () => {
  const t = useServers();

  it('needs the organiser key; refuses the old moderator link on both instances; the new one works', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const open = t.client(b.url, session.onlineModeratorToken);
    await open.ready();
    const gone = closed(open);
    const url = `${a.url}/api/sessions/${session.sessionId}/links`;
    expect((await fetch(url, { method: 'POST' })).status).toBe(401);
    const res = await fetch(url, { method: 'POST', headers: { 'x-organiser-key': ORGANISER_KEY } });
    const body = (await res.json()) as { ok: boolean; generation: number; moderators: Array<{ url: string }>; projectorUrl: string; observerUrl: string };
    expect(body).toMatchObject({ ok: true, generation: 1 });
    expect((await gone).code).toBe('TOKEN_REVOKED');
    for (const server of [a, b]) expect((await connectError(server.url, auth(session.onsiteModeratorToken))).data?.code).toBe('TOKEN_REVOKED');
    await t.client(b.url, tokenOf(body.moderators[0].url)).ready();
  });
});

describe('[L2] tokens expire, and are refused with a named reason', () => {
  const t = useServers();

  it('refuses an expired token at the handshake (TOKEN_EXPIRED) and an expired invitation over HTTP', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const part = await joinSession(a, session.joinCode, 'Pat');
    const signer = new TokenSigner(TOKEN_SECRET);
    // Default expiry: the end of the day the token was issued on, plus 30 hours.
    const exp = signer.verifyPerson(part.token)!.exp;
    expect(exp - Date.now()).toBeGreaterThan(30 * 3600_000);
    expect(exp - Date.now()).toBeLessThanOrEqual(54 * 3600_000);
    const expired = signer.personToken(session.sessionId, part.personId, 'participant', { gen: 0, exp: Date.now() - 1000 });
    for (const server of [a, b]) expect((await connectError(server.url, auth(expired))).data?.code).toBe('TOKEN_EXPIRED');
    // The same person with a valid token still gets in: expiry is about the token, not the person.
    await t.client(b.url, part.token).ready();
    // A token that expires while its socket is open (5 s: room for a slow handshake on a loaded machine): its
    // commands are refused with the reason from then on.
    const shortLived = t.client(a.url, signer.personToken(session.sessionId, part.personId, 'participant', { gen: 0, exp: Date.now() + 5000 }));
    await shortLived.ready();
    expect((await shortLived.request('queue:raise', {})).ok).toBe(true);
    await eventually(async () => expect((await shortLived.request('queue:lower', {})).error?.code).toBe('TOKEN_EXPIRED'), 20_000, 250);
    const expiredInvite = signer.inviteToken(session.sessionId, { gen: 0, exp: Date.now() - 1000 });
    const res = await post(a, '/api/invite', { invite: expiredInvite, name: 'Olga' });
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 401, code: 'TOKEN_EXPIRED' });
  });
});

describe('[L3] moderators change the join code and close joining', () => {
  const t = useServers();

  it('refuses the old code and joins while closed, on every instance', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    await mod.ready();
    const changed = await mod.request('access:changeJoinCode', {});
    expect(changed.ok).toBe(true);
    expect(changed.joinCode).not.toBe(session.joinCode);
    await mod.until((s) => s.joinCode === changed.joinCode);
    const old = await post(b, '/api/join', { code: session.joinCode, name: 'Late', modality: 'online' });
    expect({ status: old.status, code: old.body.error?.code }).toEqual({ status: 404, code: 'INVALID_JOIN_CODE' });
    await joinSession(b, changed.joinCode, 'Fresh');

    expect((await mod.request('access:setJoining', { open: false })).ok).toBe(true);
    for (const server of [a, b]) {
      const refused = await post(server, '/api/join', { code: changed.joinCode, name: 'Too late', modality: 'onsite' });
      expect({ status: refused.status, code: refused.body.error?.code }).toEqual({ status: 403, code: 'JOINING_CLOSED' });
      const lookup = await fetch(`${server.url}/api/join/${changed.joinCode}`);
      expect(((await lookup.json()) as { error: { code: string } }).error.code).toBe('JOINING_CLOSED');
    }
    expect((await mod.request('access:setJoining', { open: true })).ok).toBe(true);
    await joinSession(a, changed.joinCode, 'Welcome back');
  });
});

describe('[L4] observer invitations: a cap per session that moderators set, a limit per address', () => {
  const t = useServers();

  it('refuses past the cap (OBSERVER_CAP_REACHED) and past 10 per address and hour (RATE_LIMITED)', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    await mod.ready();
    expect(mod.state!.access.observerCap).toBe(25);
    expect((await mod.request('access:setObserverCap', { cap: 1 })).ok).toBe(true);
    const invite = tokenOf(session.observerUrl);
    expect((await post(a, '/api/invite', { invite, name: 'First' })).body.ok).toBe(true);
    const second = await post(b, '/api/invite', { invite, name: 'Second' });
    expect({ status: second.status, code: second.body.error?.code }).toEqual({ status: 403, code: 'OBSERVER_CAP_REACHED' });

    expect((await mod.request('access:setObserverCap', { cap: 100 })).ok).toBe(true);
    await mod.until((s) => s.access.observerCap === 100);
    const codes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await post(i % 2 ? a : b, '/api/invite', { invite, name: `Press ${i}` });
      codes.push(r.body.ok ? 'ok' : r.body.error!.code);
    }
    // One observer came in before the cap was raised: 9 more from this address this hour, then refused.
    expect(codes).toEqual([...Array(9).fill('ok'), 'RATE_LIMITED']);
  });
});

describe('[L5] command limits per person (all their sockets) and a cap on sockets per person', () => {
  const env = { PERSON_COMMANDS_PER_10S: '30', COMMAND_BURST: '45', MAX_SOCKETS_PER_PERSON: '2' };
  const t = useServers(async () => {
    const { startServer, REDIS_URL } = await import('../helpers/servers.js');
    return [await startServer({ redisUrl: REDIS_URL, env }), await startServer({ redisUrl: REDIS_URL, env })];
  });

  it('counts the commands of two sockets on two instances together; refuses a third socket', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const pat = await joinSession(a, session.joinCode, 'Pat');
    const kim = await joinSession(a, session.joinCode, 'Kim');
    const tab1 = t.client(a.url, pat.token);
    const tab2 = t.client(b.url, pat.token);
    const other = t.client(b.url, kim.token);
    await Promise.all([tab1, tab2, other].map((c) => c.ready()));

    // 40 reads from each tab: each under its own socket's burst (45), 80 together against 30 per 10 s window.
    const send = (c: TestClient) => Promise.all(Array.from({ length: 40 }, () => c.request('worksheet:open', { roomId: 'plenary' })));
    const results = (await Promise.all([send(tab1), send(tab2)])).flat();
    const limited = results.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED').length;
    expect(limited).toBeGreaterThanOrEqual(10);
    expect(results.filter((r) => r.ok).length).toBeLessThanOrEqual(60); // at most two windows' worth
    // Someone else is not slowed down by Pat.
    expect((await other.request('worksheet:open', { roomId: 'plenary' })).ok).toBe(true);

    // Pat holds two sockets (one per instance); a third, on either instance, is refused once presence shows both.
    await eventually(async () => {
      const p = (await a.app.hub.require(session.sessionId)).state.people[pat.personId];
      expect(Object.values(p.connections).reduce((x, y) => x + y, 0)).toBe(2);
    }, 15_000);
    expect((await connectError(a.url, auth(pat.token))).data?.code).toBe('RATE_LIMITED');
    tab2.close();
    await eventually(async () => {
      const p = (await a.app.hub.require(session.sessionId)).state.people[pat.personId];
      expect(Object.values(p.connections).reduce((x, y) => x + y, 0)).toBe(1);
    }, 15_000);
    await t.client(a.url, pat.token).ready();
  });
});
