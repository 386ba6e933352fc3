/**
 * Burst of ballots into one poll over two server processes on the local Redis.
 * Run: npx tsx bench/polls-burst.ts   (env: N=5000 ballots, WAVE=500 sockets connected at a time)
 *
 * One ballot per person: N people join over HTTP, then vote through sockets connected in waves of WAVE
 * (every connection is a presence event fanned out to every connected socket, so N simultaneous sockets
 * would measure presence, not polls). Within a wave all ballots are fired at once.
 */
import { io, type Socket } from 'socket.io-client';
import { startProcessServer, type ProcessServer } from '../tests/helpers/processServer.js';
import { ORGANISER_KEY } from '../tests/helpers/servers.js';
import { TestClient } from '../tests/helpers/clients.js';
import { PROTOCOL_VERSION } from '../shared/protocol/version.js';

const N = Number(process.env.N ?? 5000);
const WAVE = Number(process.env.WAVE ?? 500);
const OPTIONS = 4;
const deadline = setTimeout(() => {
  console.error('bench: gave up after 10 minutes');
  process.exit(1);
}, 600_000);

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return (await res.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function connect(url: string, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = io(url, { auth: { token, protocol: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function main() {
  const env = { JOINS_PER_MINUTE: '1000000', MAX_CONNECTIONS_PER_ADDRESS: '100000' };
  const servers: ProcessServer[] = await Promise.all([startProcessServer(env), startProcessServer(env)]);
  const [a, b] = servers.map((s) => s.url);
  try {
    const session = await post(`${a}/api/sessions`, { title: 'Bench', languages: ['en'], agenda: [{ title: 'Poll', minutes: 10 }] }, { 'x-organiser-key': ORGANISER_KEY });
    const moderator = new TestClient(a, session.onsiteModeratorToken);
    await moderator.ready();
    const invite = new URL(session.observerUrl).hash.replace('#invite=', '');
    const obsTok = await post(`${b}/api/invite`, { invite, name: 'Bench observer' });
    const observer = new TestClient(b, obsTok.token);
    const live: Array<{ at: number; n: number; counts: number[]; final: boolean }> = [];
    observer.socket.on('poll:results', (r: { overall: { n: number; counts: number[] }; final: boolean }) => live.push({ at: Date.now(), n: r.overall.n, counts: r.overall.counts, final: r.final }));
    await observer.ready();

    let t = Date.now();
    const tokens: string[] = [];
    for (let i = 0; i < N; i += 100) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(100, N - i) }, (_, k) => post(`${(i + k) % 2 ? b : a}/api/join`, { code: session.joinCode, name: `Bench ${i + k}`, modality: (i + k) % 3 ? 'online' : 'onsite' })),
      );
      for (const j of batch) {
        if (!j.ok) throw new Error(`join failed: ${JSON.stringify(j)}`);
        tokens.push(j.token);
      }
    }
    console.log(`joined ${N} people in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const created = await moderator.request('polls:create', { poll: { kind: 'single', question: 'Bench', options: ['A', 'B', 'C', 'D'] } });
    await moderator.request('polls:open', { pollId: created.pollId });
    const pollId: string = created.pollId;
    const expected = new Array(OPTIONS).fill(0);

    let acked = 0;
    let voteMs = 0;
    let lastAck = 0;
    const firstVote = Date.now();
    for (let w = 0; w < N; w += WAVE) {
      const idx = Array.from({ length: Math.min(WAVE, N - w) }, (_, k) => w + k);
      const sockets = await Promise.all(idx.map((i) => connect(i % 2 ? a : b, tokens[i])));
      const t0 = Date.now();
      const acks = await Promise.all(
        sockets.map((s, k) => {
          const choice = idx[k] % OPTIONS;
          expected[choice]++;
          return s.timeout(30_000).emitWithAck('polls:vote', { pollId, ballot: { choices: [choice] } });
        }),
      );
      lastAck = Date.now();
      voteMs += lastAck - t0;
      acked += acks.filter((r: { ok: boolean }) => r.ok).length;
      for (const s of sockets) s.disconnect();
    }
    const wall = lastAck - firstVote;
    // Wait for the observer to see the exact tally of every ballot (live, not the close).
    const exact = (r: { n: number; counts: number[] }) => r.n === N && r.counts.join() === expected.join();
    t = Date.now();
    while (!live.some((r) => r.at >= lastAck && exact(r)) && Date.now() - t < 10_000) await new Promise((r) => setTimeout(r, 5));
    const seen = live.find((r) => r.at >= lastAck && exact(r));
    const closed = await moderator.request('polls:close', { pollId });
    await observer.until((s) => !!s.pollResults[pollId], 10_000);
    const final = observer.state!.pollResults[pollId];
    const liveDuring = live.filter((r) => !r.final);
    const spanS = Math.max(0.001, ((liveDuring.at(-1)?.at ?? firstVote) - firstVote) / 1000);

    console.log(
      [
        `ballots acked:            ${acked} / ${N}`,
        `time voting (sum of ${Math.ceil(N / WAVE)} waves of ${WAVE}): ${voteMs} ms  (wall incl. connecting waves: ${wall} ms)`,
        `ballots/s (voting time):  ${Math.round((acked / voteMs) * 1000)}`,
        `final tally exact:        ${closed.ok && final.overall.n === N && final.overall.counts.join() === expected.join() ? 'yes' : 'NO'} (${final.overall.counts.join(', ')})`,
        `observer saw exact tally: ${seen ? `${seen.at - lastAck} ms after the last ack` : 'NO (within 10 s)'}`,
        `live messages to observer: ${liveDuring.length} over ${spanS.toFixed(1)} s (${(liveDuring.length / spanS).toFixed(1)}/s)`,
      ].join('\n'),
    );
    moderator.close();
    observer.close();
  } finally {
    await Promise.all(servers.map((s) => s.kill()));
    clearTimeout(deadline);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
