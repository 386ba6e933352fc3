import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { emptySessionState, type SessionState } from '../../shared/domain/state.js';
import { applyEvent } from '../../shared/domain/apply.js';
import { startProcessServer, type ProcessServer } from '../helpers/processServer.js';
import { REDIS_URL, createSession, joinSession, startServer, type TestServer } from '../helpers/servers.js';
import { TestClient, eventually } from '../helpers/clients.js';

/** Sum of a person's logged open connections over every instance key. */
function open(s: SessionState, personId: string): number {
  return Object.values(s.people[personId]?.connections ?? {}).reduce((a, b) => a + b, 0);
}

/**
 * [P20.1] Presence per boot (issue 20). docker-compose fixes INSTANCE_ID, so a crashed instance comes back under
 * the same name. Its previous boot's counts must be cleared at once, not after a heartbeat expiry (which the
 * restarted instance would keep renewing under the old scheme, so the ghosts never went).
 */
describe('[P20.1] an instance restarted with the same INSTANCE_ID', () => {
  const processes: ProcessServer[] = [];
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await Promise.all(processes.splice(0).map((p) => p.kill()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('shows no ghost connections within a second of starting', async () => {
    const instanceId = `ghost-${randomBytes(3).toString('hex')}`;
    const env = { REDIS_URL, INSTANCE_ID: instanceId, JOINS_PER_MINUTE: '100000' };
    const watcher = await startServer({ redisUrl: REDIS_URL });
    servers.push(watcher);
    const first = await startProcessServer(env);
    processes.push(first);

    const session = await createSession(watcher);
    const people = await Promise.all(['Ana', 'Bo', 'Cy'].map((n) => joinSession(watcher, session.joinCode, n)));
    const mod = new TestClient(watcher.url, session.onsiteModeratorToken);
    clients.push(mod);
    await mod.ready();
    // The three phones are connected through the instance that is about to crash.
    const phones = people.map((p) => new TestClient(first.url, p.token));
    clients.push(...phones);
    await Promise.all(phones.map((c) => c.ready()));
    await mod.until((s) => people.every((p) => open(s, p.personId) === 1), 10_000);
    const keys = Object.keys(mod.state!.people[people[0].personId].connections);
    expect(keys).toHaveLength(1);
    expect(keys[0].startsWith(`${instanceId}#`)).toBe(true);

    await first.kill();
    for (const c of phones) c.close();
    // The crash logged nothing: the watcher still counts the dead boot's connections.
    expect(people.every((p) => open(mod.state!, p.personId) === 1)).toBe(true);

    const second = await startProcessServer(env);
    processes.push(second);
    // Cleared before it listened: when the process says it is running, the log already holds the goodbye of the
    // old boot, and a replay of the log shows nobody connected (no timing involved: it is done at start).
    const log = await watcher.app.store.readLog(session.sessionId, 0);
    expect(log.filter((e) => e.type === 'presence:instanceGone' && (e.data as { instanceId: string }).instanceId === keys[0])).toHaveLength(1);
    const replayed = emptySessionState(session.sessionId);
    for (const e of log) applyEvent(replayed, e);
    expect(people.map((p) => open(replayed, p.personId))).toEqual([0, 0, 0]);
    // The watching moderator's screen follows through the relay (generous bound: a loaded 2-core machine).
    await eventually(() => expect(people.map((p) => open(mod.state!, p.personId))).toEqual([0, 0, 0]), 5000, 10);

    // The restarted instance serves again and counts under its new boot's key, not the old one.
    const back = new TestClient(second.url, people[0].token);
    clients.push(back);
    await back.ready();
    await mod.until((s) => open(s, people[0].personId) === 1, 10_000);
    const now = Object.keys(mod.state!.people[people[0].personId].connections);
    expect(now).toHaveLength(1);
    expect(now[0].startsWith(`${instanceId}#`)).toBe(true);
    expect(now[0]).not.toBe(keys[0]);
  }, 60_000);
});
