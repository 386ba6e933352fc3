import { createSession, joinSession, observerToken, startServer, REDIS_URL, type TestServer } from './servers.js';
import { TestClient } from './clients.js';

/** Env for poll tests: the shared Redis counts joins per address across every test run, so raise the bound. */
export const LOAD_ENV = { JOINS_PER_MINUTE: '100000' };

export async function startPollCluster(n = 2): Promise<TestServer[]> {
  const out: TestServer[] = [];
  for (let i = 0; i < n; i++) out.push(await startServer({ redisUrl: REDIS_URL, env: LOAD_ENV }));
  return out;
}

/** Joins `count` participants alternately through the instances, in batches (each join is a log append). */
export async function joinMany(servers: TestServer[], code: string, count: number, prefix = 'Voter') {
  const joins: Array<Awaited<ReturnType<typeof joinSession>> & { server: TestServer; name: string; modality: 'onsite' | 'online' }> = [];
  for (let start = 0; start < count; start += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - start) }, async (_, k) => {
        const i = start + k;
        const modality = i % 3 === 0 ? 'onsite' : 'online';
        const name = `${prefix} ${i}`;
        const server = servers[i % servers.length];
        return { ...(await joinSession(server, code, name, modality)), server, name, modality } as const;
      }),
    );
    joins.push(...batch);
  }
  return joins;
}

export async function sessionWithStaff(servers: TestServer[]) {
  const session = await createSession(servers[0]);
  const moderator = new TestClient(servers[0].url, session.onsiteModeratorToken);
  const observers = await Promise.all(servers.map((s, i) => observerToken(s, session.observerUrl, `Observer ${i}`)));
  const observerClients = observers.map((o, i) => new TestClient(servers[i].url, o.token));
  await Promise.all([moderator.ready(), ...observerClients.map((c) => c.ready())]);
  return { session, moderator, observers: observerClients };
}

/** The `poll:results` messages a client received for a poll, in arrival order. */
export function resultsOf(c: TestClient, pollId: string) {
  return c.raw.filter((m) => m.event === 'poll:results' && (m.args[0] as { pollId: string }).pollId === pollId).map((m) => m.args[0] as any); // eslint-disable-line @typescript-eslint/no-explicit-any
}
