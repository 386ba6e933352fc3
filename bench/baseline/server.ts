/**
 * Raw Socket.IO baseline for the scale benchmarks (issue 20). Same fan-out shape as Dialogue Room and no
 * application logic: one Socket.IO room per session (plus one per breakout group and one for observers),
 * a "join" is an HTTP POST answered with a token, then a socket connect answered at once with a
 * snapshot-sized message; a ballot is the product's own durable Redis write (the same Lua script on the same
 * key shapes as `server/store/redisStore.ts`), and a tally is sent to the observers at most once per 250 ms
 * window, claimed cluster-wide and recomputed from Redis as `server/capabilities/polls/liveResults.ts` does.
 * Several instances share one Redis through `@socket.io/redis-adapter`, as the product's instances do.
 *
 * Env: PORT (0), HOST (127.0.0.1), REDIS_URL (required), SNAPSHOT_BYTES (size of the first message, 2048).
 * Prints "running at http://…" like the product, so the same starter finds its address.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) throw new Error('REDIS_URL is required');
const SNAPSHOT_BYTES = Number(process.env.SNAPSHOT_BYTES ?? 2048);
const WINDOW_MS = 250;

/** The product's ballot script, verbatim: a ballot lands only while the poll is open; HSET keyed by person. */
const BALLOT_LUA = `
if redis.call('GET', KEYS[1]) ~= '1' then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
`;

const redis = new Redis(REDIS_URL, { enableAutoPipelining: true });
redis.defineCommand('blBallot', { numberOfKeys: 2, lua: BALLOT_LUA });
const pub = new Redis(REDIS_URL);
const sub = pub.duplicate();

const keys = {
  pollOpen: (s: string, p: string) => `bl:{${s}}:poll:${p}:open`,
  ballots: (s: string, p: string) => `bl:{${s}}:poll:${p}:ballots`,
  claim: (s: string, p: string) => `bl:{${s}}:poll:${p}:pub`,
};

interface Who {
  session: string;
  person: string;
  role: 'participant' | 'moderator' | 'observer';
  room: string | null;
}

const filler = 'x'.repeat(SNAPSHOT_BYTES);

const httpServer = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/join') {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  req.on('data', (d: Buffer) => (body += d.toString()));
  req.on('end', () => {
    try {
      const b = JSON.parse(body) as { session: string; role?: Who['role']; room?: string | null };
      const who: Who = { session: String(b.session), person: randomBytes(8).toString('hex'), role: b.role ?? 'participant', room: b.room ?? null };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, token: Buffer.from(JSON.stringify(who)).toString('base64url'), personId: who.person }));
    } catch {
      res.writeHead(400).end();
    }
  });
});

const io = new Server(httpServer, { adapter: createAdapter(pub, sub), transports: ['websocket'] });

/** Polls with ballots not yet in a published tally, on this instance. */
const dirty = new Map<string, { session: string; poll: string; timer: NodeJS.Timeout | null }>();

function markDirty(session: string, poll: string) {
  const key = `${session}\u0000${poll}`;
  let e = dirty.get(key);
  if (!e) dirty.set(key, (e = { session, poll, timer: null }));
  if (e.timer) return;
  const entry = e;
  entry.timer = setTimeout(async () => {
    entry.timer = null;
    const won = await redis.set(keys.claim(session, poll), '1', 'PX', WINDOW_MS, 'NX');
    if (won !== 'OK') return markDirty(session, poll); // another instance publishes this window: try the next
    dirty.delete(key);
    const all = await redis.hgetall(keys.ballots(session, poll));
    const counts: number[] = [];
    for (const v of Object.values(all)) {
      const c = Number(v);
      counts[c] = (counts[c] ?? 0) + 1;
    }
    io.to(`${session}:observers`).emit('tally', { poll, n: Object.keys(all).length, counts: Array.from(counts, (c) => c ?? 0) });
  }, WINDOW_MS - (Date.now() % WINDOW_MS) + 2);
}

io.use((socket, next) => {
  try {
    socket.data.who = JSON.parse(Buffer.from(String(socket.handshake.auth.token), 'base64url').toString()) as Who;
    next();
  } catch {
    next(new Error('bad token'));
  }
});

io.on('connection', (socket) => {
  const who = socket.data.who as Who;
  void socket.join(who.session);
  if (who.room) void socket.join(`${who.session}:room:${who.room}`);
  if (who.role === 'observer') void socket.join(`${who.session}:observers`);
  socket.emit('snapshot', { person: who.person, filler });

  socket.on('broadcast', (p: { text: string }, ack?: (r: unknown) => void) => {
    io.to(who.session).emit('broadcast', { text: String(p?.text) });
    ack?.({ ok: true });
  });
  socket.on('chat', (p: { text: string }, ack?: (r: unknown) => void) => {
    if (who.room) io.to(`${who.session}:room:${who.room}`).emit('chat', { text: String(p?.text), from: who.person });
    ack?.({ ok: true });
  });
  socket.on('openPoll', async (p: { poll: string }, ack?: (r: unknown) => void) => {
    await redis.set(keys.pollOpen(who.session, String(p.poll)), '1');
    ack?.({ ok: true });
  });
  socket.on('vote', async (p: { poll: string; choice: number }, ack?: (r: unknown) => void) => {
    try {
      const landed = await (redis as unknown as { blBallot(...a: string[]): Promise<number> }).blBallot(
        keys.pollOpen(who.session, String(p.poll)),
        keys.ballots(who.session, String(p.poll)),
        who.person,
        String(Number(p.choice)),
      );
      if (landed) markDirty(who.session, String(p.poll));
      ack?.({ ok: landed === 1 });
    } catch {
      ack?.({ ok: false });
    }
  });
});

httpServer.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const a = httpServer.address() as { port: number };
  console.log(`Baseline is running at http://127.0.0.1:${a.port}`);
});
