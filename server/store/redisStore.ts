import type { RedisOptions } from 'ioredis';
import type { NewEvent, StoredEvent } from '../../shared/domain/eventTypes.js';
import type { AppendResult, BallotResult, BatchCommand, BatchResult, Store } from './Store.js';
import { keys } from './keys.js';
import { isCluster, masters, redisClient, relabelLostMasterFailures, type RedisClient, type RedisTarget } from './redisConnection.js';
import { UNREADABLE_EVENT } from '../../shared/domain/apply.js';

/**
 * Appends only if the log is at the expected length; remembers the command id so that a resent
 * command (a client retry after a lost ack or an OUTCOME_UNKNOWN) is answered with the first append
 * instead of appending twice. Every event is stamped with Redis's own TIME (ms), the one clock of the
 * deployment (Redis 7 replicates a script's effects, so TIME is allowed before writes).
 * ARGV: expectedSeq, cid, then each event as JSON without its seq and at.
 */
const APPEND_LUA = `
local cid = ARGV[2]
if cid ~= '' then
  local prev = redis.call('HGET', KEYS[2], cid)
  if prev then return {'dup', prev} end
end
local head = redis.call('LLEN', KEYS[1])
if head ~= tonumber(ARGV[1]) then return {'conflict', tostring(head)} end
local t = redis.call('TIME')
local at = t[1] .. string.format('%03d', math.floor(tonumber(t[2]) / 1000))
local n = #ARGV - 2
for i = 1, n do
  redis.call('RPUSH', KEYS[1], '{"seq":' .. (head + i) .. ',"at":' .. at .. ',' .. string.sub(ARGV[i + 2], 2))
end
if cid ~= '' then redis.call('HSET', KEYS[2], cid, (head + 1) .. ':' .. n) end
return {'ok', tostring(head + 1), at}
`;

/**
 * Group commit (issue 20): several commands appended in one call, in order, each with its own command id.
 * KEYS: log, command ids, turn claim. ARGV: writer, claimMs, expectedSeq, then per command: cid, n, n events.
 * Fairness: a writer refused for a conflict claims the next turn for claimMs; meanwhile the others are answered
 * 'busy' and its next append (after catching up) goes through and releases the claim. So the instance that just
 * appended, always up to date, cannot starve the other one. The log's order is still guarded by expectedSeq.
 * Reply: {'busy'} | {'conflict', head} | {'ok', at, r1, r2, …} with ri 'a:<first>:<n>' (appended) or
 * 'd:<first>:<n>' (seen before; processing stops after it, the rest is for the caller to decide again).
 */
const APPEND_BATCH_LUA = `
local me = ARGV[1]
local claim = redis.call('GET', KEYS[3])
local i = 4
local out = {'ok', ''}
local head = redis.call('LLEN', KEYS[1])
local appended = false
local t = nil
local at = ''
while i <= #ARGV do
  local cid = ARGV[i]
  local n = tonumber(ARGV[i + 1])
  local prev = false
  if cid ~= '' then prev = redis.call('HGET', KEYS[2], cid) end
  if prev then
    table.insert(out, 'd:' .. prev)
    break
  end
  if not appended then
    if claim and claim ~= me then return {'busy'} end
    if head ~= tonumber(ARGV[3]) then
      -- No claim on an empty log: a deleted session's log is gone, and a late command must not leave a key behind.
      if not claim and head > 0 then redis.call('SET', KEYS[3], me, 'PX', tonumber(ARGV[2])) end
      return {'conflict', tostring(head)}
    end
    t = redis.call('TIME')
    at = t[1] .. string.format('%03d', math.floor(tonumber(t[2]) / 1000))
    out[2] = at
    appended = true
  end
  for k = 1, n do
    redis.call('RPUSH', KEYS[1], '{"seq":' .. (head + k) .. ',"at":' .. at .. ',' .. string.sub(ARGV[i + 1 + k], 2))
  end
  if cid ~= '' then redis.call('HSET', KEYS[2], cid, (head + 1) .. ':' .. n) end
  table.insert(out, 'a:' .. (head + 1) .. ':' .. n)
  head = head + n
  i = i + 2 + n
end
if appended and claim == me then redis.call('DEL', KEYS[3]) end
return out
`;

/** How long a writer that lost a race keeps the next turn (it needs a read and a decision, a few ms). */
const TURN_CLAIM_MS = 250;

/** A ballot lands only while the poll is open; HSET keyed by person makes a resend harmless. */
const BALLOT_LUA = `
if redis.call('GET', KEYS[1]) ~= '1' then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
`;

/**
 * Compaction of a worksheet: replaces the first ARGV[2] updates by their merge ARGV[3], only if the
 * compaction version (KEYS[2]) is still ARGV[1]. Appends are RPUSHed to the tail, so any update appended
 * since the caller read the list survives; the version stops a second compactor replacing a newer prefix.
 */
const COMPACT_LUA = `
local n = tonumber(ARGV[2])
if tonumber(redis.call('GET', KEYS[2]) or '0') ~= tonumber(ARGV[1]) then return 0 end
if n < 1 or redis.call('LLEN', KEYS[1]) < n then return 0 end
redis.call('LTRIM', KEYS[1], n, -1)
redis.call('LPUSH', KEYS[1], ARGV[3])
redis.call('INCR', KEYS[2])
return 1
`;

/** The summed length of a worksheet's stored updates, computed inside Redis (nothing is sent back but the sum). */
const WS_SIZE_LUA = `
local n = 0
for _, v in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do n = n + #v end
return n
`;
/** The store's writes (reads already fail as UNAVAILABLE): on a cluster, a write to a lost master's slot is relabelled. */
const CLUSTER_WRITES = ['append', 'appendBatch', 'deleteSession', 'claimJoinCode', 'setPollOpen', 'castBallot', 'appendWorksheetUpdate', 'compactWorksheet', 'rememberAck'];
const INSTANCE_SESSIONS_TTL_MS = 24 * 60 * 60 * 1000;

export interface RedisStoreOptions {
  /** One Redis (`REDIS_URL`); or `target`, which may name a cluster. */
  url?: string;
  target?: RedisTarget;
  /** Longest wait for one command; a frozen Redis keeps the TCP link up, so only this ends the wait. */
  commandTimeoutMs?: number;
}

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  readonly redis: RedisClient;

  private constructor(redis: RedisClient) {
    this.redis = redis;
    redis.defineCommand('drAppend', { numberOfKeys: 2, lua: APPEND_LUA });
    redis.defineCommand('drAppendBatch', { numberOfKeys: 3, lua: APPEND_BATCH_LUA });
    redis.defineCommand('drBallot', { numberOfKeys: 2, lua: BALLOT_LUA });
    redis.defineCommand('drCompact', { numberOfKeys: 2, lua: COMPACT_LUA });
    redis.defineCommand('drWsSize', { numberOfKeys: 1, lua: WS_SIZE_LUA });
    if (isCluster(redis)) relabelLostMasterFailures(this, redis, CLUSTER_WRITES);
  }

  static async connect(opts: RedisStoreOptions): Promise<RedisStore> {
    const target: RedisTarget = opts.target ?? { kind: 'single', url: opts.url ?? '' };
    const redis = redisClient(target, redisClientOptions(opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS));
    // Swallow connection errors here: callers see them as failed commands (UNAVAILABLE or OUTCOME_UNKNOWN), and ioredis reconnects.
    redis.on('error', () => {});
    await redis.connect();
    return new RedisStore(redis);
  }

  async append(sessionId: string, expectedSeq: number, events: NewEvent[], meta: { at?: number; by: string | null; cid?: string }): Promise<AppendResult> {
    const rest = (e: NewEvent) => JSON.stringify({ by: meta.by, ...(meta.cid ? { cid: meta.cid } : {}), type: e.type, data: e.data, audience: e.audience });
    this.appendCalls++;
    const reply = (await (this.redis as any).drAppend(
      keys.log(sessionId),
      keys.commandIds(sessionId),
      String(expectedSeq),
      meta.cid ?? '',
      ...events.map(rest),
    )) as [string, string, string?];
    if (reply[0] === 'conflict') return { ok: false, reason: 'conflict', headSeq: Number(reply[1]) };
    if (reply[0] === 'dup') {
      const [first, count] = reply[1].split(':').map(Number);
      const raw = await this.redis.lrange(keys.log(sessionId), first - 1, first + count - 2);
      return { ok: true, duplicate: true, events: raw.map((r) => JSON.parse(r) as StoredEvent) };
    }
    const first = Number(reply[1]);
    // Built exactly as the script stored them, so what this instance applies equals what the log replays.
    const at = reply[2];
    const stored = events.map((e, i): StoredEvent => JSON.parse(`{"seq":${first + i},"at":${at},${rest(e).slice(1)}`));
    // Registering the session is idempotent; done after the first append so listSessions never names an empty log.
    if (first === 1) await this.redis.sadd(keys.sessions(), sessionId);
    return { ok: true, duplicate: false, events: stored };
  }

  /** Append script calls made (single and batch), for the benchmarks and the group-commit test. */
  appendCalls = 0;

  async appendBatch(sessionId: string, expectedSeq: number, commands: BatchCommand[], meta: { writer: string; at?: number }): Promise<BatchResult> {
    const rest = (e: NewEvent, c: BatchCommand) => JSON.stringify({ by: c.by, ...(c.cid ? { cid: c.cid } : {}), type: e.type, data: e.data, audience: e.audience });
    const argv: string[] = [meta.writer, String(TURN_CLAIM_MS), String(expectedSeq)];
    const bodies = commands.map((c) => c.events.map((e) => rest(e, c)));
    for (const [i, c] of commands.entries()) argv.push(c.cid ?? '', String(c.events.length), ...bodies[i]);
    this.appendCalls++;
    const reply = (await (this.redis as any).drAppendBatch(keys.log(sessionId), keys.commandIds(sessionId), keys.writerTurn(sessionId), ...argv)) as string[];
    if (reply[0] === 'busy') return { ok: false, reason: 'busy' };
    if (reply[0] === 'conflict') return { ok: false, reason: 'conflict', headSeq: Number(reply[1]) };
    const at = reply[1];
    const results: Array<{ events: StoredEvent[]; duplicate: boolean }> = [];
    for (const [i, r] of reply.slice(2).entries()) {
      const [kind, firstS, countS] = r.split(':');
      const first = Number(firstS);
      const count = Number(countS);
      if (kind === 'd') {
        const raw = await this.redis.lrange(keys.log(sessionId), first - 1, first + count - 2);
        results.push({ events: raw.map((x) => JSON.parse(x) as StoredEvent), duplicate: true });
        continue;
      }
      // Built exactly as the script stored them, so what this instance applies equals what the log replays.
      results.push({ events: bodies[i].map((b, k): StoredEvent => JSON.parse(`{"seq":${first + k},"at":${at},${b.slice(1)}`)), duplicate: false });
      if (first === 1) await this.redis.sadd(keys.sessions(), sessionId);
    }
    return { ok: true, results };
  }

  async readLog(sessionId: string, afterSeq: number): Promise<StoredEvent[]> {
    const from = Math.max(0, afterSeq);
    const raw = await this.redis.lrange(keys.log(sessionId), from, -1);
    return raw.map((r, i) => parseLogEntry(r, from + i + 1));
  }

  async headSeq(sessionId: string): Promise<number> {
    return this.redis.llen(keys.log(sessionId));
  }

  async deleteSession(sessionId: string, joinCodes: string[]): Promise<number> {
    // Every key of a session carries its hash tag: SCAN finds them all. On a cluster SCAN sees one node only, so
    // it runs on every master (the session's slot lives on one of them, but a slot migration may be under way);
    // the keys found share one slot, so one UNLINK per page stays single-slot.
    const pattern = `${keys.log(sessionId).slice(0, -':log'.length).replace(/[*?[\]\\]/g, '\\$&')}*`;
    let n = 0;
    for (const node of masters(this.redis)) {
      let cursor = '0';
      do {
        const [next, found] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        cursor = next;
        if (found.length) n += await this.redis.unlink(...found);
      } while (cursor !== '0');
    }
    for (const code of joinCodes) {
      // Only a code that still names this session (codes are never handed to another one, but be exact).
      if ((await this.redis.get(keys.joinCode(code))) === sessionId) n += await this.redis.unlink(keys.joinCode(code));
    }
    await this.redis.srem(keys.sessions(), sessionId);
    return n;
  }

  async claimJoinCode(code: string, sessionId: string): Promise<boolean> {
    return (await this.redis.set(keys.joinCode(code), sessionId, 'NX')) === 'OK';
  }

  async resolveJoinCode(code: string): Promise<string | null> {
    return this.redis.get(keys.joinCode(code));
  }

  async listSessions(): Promise<string[]> {
    return this.redis.smembers(keys.sessions());
  }

  async setPollOpen(sessionId: string, pollId: string, open: boolean): Promise<void> {
    await this.redis.set(keys.pollOpen(sessionId, pollId), open ? '1' : '0');
  }

  async castBallot(sessionId: string, pollId: string, personId: string, ballot: string): Promise<BallotResult> {
    const r = await (this.redis as any).drBallot(keys.pollOpen(sessionId, pollId), keys.ballots(sessionId, pollId), personId, ballot);
    return r === 1 ? 'accepted' : 'closed';
  }

  async readBallots(sessionId: string, pollId: string): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.redis.hgetall(keys.ballots(sessionId, pollId))));
  }

  async appendWorksheetUpdate(sessionId: string, roomId: string, update: string): Promise<number> {
    return this.redis.rpush(keys.worksheet(sessionId, roomId), update);
  }

  async readWorksheet(sessionId: string, roomId: string): Promise<{ updates: string[]; version: number }> {
    // One MULTI so the list and its version are read at the same instant.
    const [[, updates], [, version]] = (await this.redis
      .multi()
      .lrange(keys.worksheet(sessionId, roomId), 0, -1)
      .get(keys.worksheetVersion(sessionId, roomId))
      .exec()) as [[unknown, string[]], [unknown, string | null]];
    return { updates, version: Number(version ?? 0) };
  }

  async compactWorksheet(sessionId: string, roomId: string, version: number, count: number, merged: string): Promise<boolean> {
    const r = await (this.redis as any).drCompact(keys.worksheet(sessionId, roomId), keys.worksheetVersion(sessionId, roomId), version, count, merged);
    return r === 1;
  }

  async worksheetSize(sessionId: string, roomId: string): Promise<number> {
    return Number(await (this.redis as any).drWsSize(keys.worksheet(sessionId, roomId)));
  }

  async recallAck(sessionId: string, key: string): Promise<string | null> {
    return this.redis.get(keys.ack(sessionId, key));
  }

  async rememberAck(sessionId: string, key: string, ack: string, ttlMs: number): Promise<void> {
    await this.redis.set(keys.ack(sessionId, key), ack, 'PX', ttlMs);
  }

  async hit(key: string, windowMs: number, increment = 1): Promise<number> {
    const now = Date.now();
    const k = keys.rateLimit(key, now - (now % windowMs));
    const [[, count]] = (await this.redis.multi().incrby(k, increment).pexpire(k, windowMs * 2).exec()) as [[unknown, number]];
    return count;
  }

  async heartbeat(instanceId: string, ttlMs: number): Promise<void> {
    await this.redis.set(keys.instance(instanceId), String(Date.now()), 'PX', ttlMs);
  }

  async isAlive(instanceId: string): Promise<boolean> {
    return (await this.redis.exists(keys.instance(instanceId))) === 1;
  }

  async noteInstanceSession(instanceId: string, sessionId: string): Promise<void> {
    const k = keys.instanceSessions(instanceId);
    // A day after its last presence an instance name that never came back is forgotten.
    await this.redis.multi().sadd(k, sessionId).pexpire(k, INSTANCE_SESSIONS_TTL_MS).exec();
  }

  async instanceSessions(instanceId: string): Promise<string[]> {
    return this.redis.smembers(keys.instanceSessions(instanceId));
  }

  async forgetInstanceSession(instanceId: string, sessionId: string): Promise<void> {
    await this.redis.srem(keys.instanceSessions(instanceId), sessionId);
  }

  async time(): Promise<number> {
    // On a cluster TIME goes to any master; their clocks must agree (NTP), as each stamps its own sessions' events.
    const [sec, usec] = await this.redis.time();
    return Number(sec) * 1000 + Math.floor(Number(usec) / 1000);
  }

  async ping(): Promise<void> {
    // On a cluster: the cluster answers at all (one master); a killed master shows in its own sessions' writes.
    await this.redis.ping();
  }

  /** True when this store runs on a Redis Cluster. */
  get clustered(): boolean {
    return isCluster(this.redis);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** The default longest wait for one store command, in ms (REDIS_COMMAND_TIMEOUT_MS). */
export const DEFAULT_COMMAND_TIMEOUT_MS = 2500;

/**
 * Options of the store's ioredis client. ioredis 5 speaks RESP2 only (it never sends HELLO 3), so there is
 * no `protocol` to pin; an upgrade to ioredis 6 (RESP3 by default) must add `protocol: 2`.
 */
export function redisClientOptions(commandTimeoutMs: number): RedisOptions {
  return {
    lazyConnect: true,
    // Fail at once while disconnected instead of queueing writes we could not ack in time: such a
    // failure is "not applied" (UNAVAILABLE), as the command never left this process.
    enableOfflineQueue: false,
    // A frozen Redis keeps the TCP link up: only this ends the wait. A timed-out write may still run
    // (it was sent), so guardedStore answers it OUTCOME_UNKNOWN, never "not applied".
    commandTimeout: commandTimeoutMs,
    // Commands in flight when the link drops are failed after the first reconnect attempt instead of
    // waiting through the whole outage.
    maxRetriesPerRequest: 1,
    // Never re-send an unanswered command behind the product's back: the caller already got its error
    // (OUTCOME_UNKNOWN) and retries with the same command id, which the append script recognises.
    autoResendUnfulfilledCommands: false,
    // Jittered backoff so many instances do not hammer a returning Redis in step.
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 2000) + Math.floor(Math.random() * 100),
  };
}

/**
 * Options of the Socket.IO adapter's pub/sub clients. A lost relay is not a lost event (instances catch up
 * from the log by sequence number), so nothing is queued or re-sent: a publish while Redis is away fails
 * at once and is logged. The subscriber re-subscribes by itself after a reconnect (autoResubscribe).
 * RESP2 (ioredis 5's only protocol): the adapter's pub/sub parsing was written for it.
 */
export function adapterClientOptions(commandTimeoutMs: number): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: true,
    commandTimeout: commandTimeoutMs,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 5), 2000) + Math.floor(Math.random() * 100),
  };
}

/**
 * One log entry as stored. An entry that is no JSON (a hand edit, a damaged restore) must not stop the session
 * from loading: it becomes an `log:unreadable` event at its position, which every replica skips alike and lists
 * for the moderators (see applyEvent), and the entries after it still apply.
 */
export function parseLogEntry(raw: string, seq: number): StoredEvent {
  try {
    const e = JSON.parse(raw) as StoredEvent;
    if (e && typeof e === 'object' && e.seq === seq) return e;
  } catch {
    // fall through
  }
  return { seq, at: 0, by: null, type: UNREADABLE_EVENT, data: null, audience: { roles: ['moderator'] } };
}
