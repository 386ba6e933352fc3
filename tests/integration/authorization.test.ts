import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, type CommandName } from '../../shared/protocol/registry.js';
import { ViewerRole } from '../../shared/protocol/primitives.js';
import { isConnected } from '../../shared/domain/state.js';
import { createSession, joinSession, observerToken, projectorToken, startCluster, type TestServer } from '../helpers/servers.js';
import { TestClient, eventually } from '../helpers/clients.js';
import { SAMPLE_PAYLOADS } from '../helpers/samplePayloads.js';

describe('[A1] every command refuses every role that may not send it', () => {
  let servers: TestServer[];
  const clients: TestClient[] = [];
  let byRole: Record<string, TestClient>;
  let sessionId: string;
  let target: string;

  beforeAll(async () => {
    // Every command of the registry is tried once per role on one connection: more than the default burst.
    servers = await startCluster(2, undefined, { COMMAND_BURST: '1000' });
    const [a, b] = servers;
    const session = await createSession(a);
    sessionId = session.sessionId;
    const mod = new TestClient(a.url, session.onsiteModeratorToken);
    const part = await joinSession(a, session.joinCode, 'Pat');
    const fac = await joinSession(b, session.joinCode, 'Fay');
    const tgt = await joinSession(b, session.joinCode, 'Tim');
    target = tgt.personId;
    await mod.ready();
    expect((await mod.request('people:setRole', { personId: fac.personId, role: 'facilitator' })).ok).toBe(true);
    const obs = await observerToken(a, session.observerUrl, 'Olga', 'press');
    byRole = {
      moderator: mod,
      participant: new TestClient(b.url, part.token),
      facilitator: new TestClient(a.url, fac.token),
      observer: new TestClient(b.url, obs.token),
      projector: new TestClient(a.url, projectorToken(session.projectorUrl)),
    };
    clients.push(...Object.values(byRole));
    await Promise.all(Object.values(byRole).map((c) => c.ready()));
    // Let every presence event settle so the log head only moves if a refused command wrote something.
    await eventually(() => {
      const s = servers[0].app.hub;
      expect([part.personId, fac.personId, obs.personId].every((id) => mod.state && isConnected(mod.state.people[id]))).toBe(true);
      return s;
    });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  it('has a sample payload for every command of the registry', () => {
    expect(Object.keys(SAMPLE_PAYLOADS).sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  it('answers FORBIDDEN and changes nothing', async () => {
    const head = await servers[0].app.store.headSeq(sessionId);
    let checked = 0;
    for (const name of Object.keys(COMMANDS) as CommandName[]) {
      const allowed: readonly string[] = COMMANDS[name].roles;
      for (const role of ViewerRole.options) {
        if (allowed.includes(role)) continue;
        const res = await byRole[role].request(name, SAMPLE_PAYLOADS[name]({ sessionId, targetPersonId: target }));
        expect({ name, role, res }).toMatchObject({ name, role, res: { ok: false, error: { code: 'FORBIDDEN' } } });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(await servers[0].app.store.headSeq(sessionId)).toBe(head);
    expect(byRole.moderator.state!.people[target]).toMatchObject({ name: 'Tim', role: 'participant', label: null, removed: false });
  });
});
