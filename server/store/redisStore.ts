import type { RedisOptions } from 'ioredis';
import type { NewEvent, StoredEvent } from '../../shared/domain/eventTypes.js';
import type { AppendResult, BallotResult, BatchCommand, BatchResult, Store, StoredSnapshot } from './Store.js';
import { keys } from './keys.js';
import { COMMAND_ID_TTL_MS, packEntries, trimCount, unpackEntries } from './trim.js';
import { isCluster, masters, redisClient, relabelLostMasterFailures, type RedisClient, type RedisTarget } from './redisConnection.js';
import { UNREADABLE_EVENT } from '../../shared/domain/apply.js';

/**
 * Appends only if the log is at the expected length; remembers the command id so that a resent
 * command (a client retry after a lost ack or an OUTCOME_UNKNOWN) is answered with the first append
 * instead of appending twice. Every event is stamped with Redis's own TIME (ms), the one clock of the
 * deployment (Redis 7 replicates a script's effects, so TIME is allowed before writes).
 * KEYS: log, command ids, log offset, command id times. ARGV: expectedSeq, cid, then each event as JSON without
 * its seq and at. The head is offset + LLEN (the log may be trimmed behind a snapshot; seqs stay global), and a
 * duplicate's reply carries the offset so its entries are found in the trimmed list.
 */
const APPEND_LUA = `
local cid = ARGV[2]
local offset = tonumber(redis.call('GET', KEYS[3]) or '0')
if cid ~= '' then
  local prev = redis.call('HGET', KEYS[2], cid)
  if prev then return {'dup', prev, tostring(offset)} end
end
local head = offset + redis.call('LLEN', KEYS[1])
if head ~= tonumber(ARGV[1]) then return {'conflict', tostring(head)} end
local t = redis.call('TIME')
local at = t[1] .. string.format('%03d', math.floor(tonumber(t[2]) / 1000))
local n = #ARGV - 2
for i = 1, n do
  redis.call('RPUSH', KEYS[1], '{"seq":' .. (head + i) .. ',"at":' .. at .. ',' .. string.sub(ARGV[i + 2], 2))
end
if cid ~= '' then
  redis.call('HSET', KEYS[2], cid, (head + 1) .. ':' .. n)
  redis.call('ZADD', KEYS[4], at, cid)
end
return {'ok', tostring(head + 1), at}
`;

/**
 * Group commit (issue 20): several commands appended in one call, in order, each with its own command id.
 * KEYS: log, command ids, turn claim, log offset, command id times. ARGV: writer, claimMs, expectedSeq, then per
 * command: cid, n, n events. The head is offset + LLEN, as in APPEND_LUA.
 * Fairness: a writer refused for a conflict claims the next turn for claimMs; meanwhile the others are answered
 * 'busy' and its next append (after catching up) goes through and releases the claim. So the instance that just
 * appended, always up to date, cannot starve the other one. The log's order is still guarded by expectedSeq.
 * Reply: {'busy'} | {'conflict', head} | {'ok', at, r1, r2, …} with ri 'a:<first>:<n>' (appended) or
 * 'd:<first>:<n>:<offset>' (seen before; processing stops after it, the rest is for the caller to decide again).
 */
const APPEND_BATCH_LUA = `
local me = ARGV[1]
local claim = redis.call('GET', KEYS[3])
local i = 4
local out = {'ok', ''}
local offset = tonumber(redis.call('GET', KEYS[4]) or '0')
local head = offset + redis.call('LLEN', KEYS[1])
local appended = false
local t = nil
local at = ''
while i <= #ARGV do
  local cid = ARGV[i]
  local n = tonumber(ARGV[i + 1])
  local prev = false
  if cid ~= '' then prev = redis.call('HGET', KEYS[2], cid) end
  if prev then
    table.insert(out, 'd:' .. prev .. ':' .. offset)
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
  if cid ~= '' then
    redis.call('HSET', KEYS[2], cid, (head + 1) .. ':' .. n)
    redis.call('ZADD', KEYS[5], at, cid)
  end
  table.insert(out, 'a:' .. (head + 1) .. ':' .. n)
  head = head + n
  i = i + 2 + n
end
if appended and claim == me then redis.call('DEL', KEYS[3]) end
return out
`;

/**
 * Snapshot and trim in one step (issue 20, Bounded). KEYS: snapshot, log, log offset, archive, command ids, command
 * id times. ARGV: seq, state, the previous snapshot's seq and the offset the caller read, the number of entries to
 * trim, their packed chunk, the command ids' lifetime (ms). A snapshot at seq or later already stored wins (reply:
 * its seq). The trim is done only when the previous snapshot and the offset are still those the caller packed the
 * chunk from (otherwise another instance trimmed meanwhile: the next snapshot trims). Command ids older than their
 * lifetime are forgotten here, so the hash stays bounded without a script on every append.
 */
const SNAPSHOT_LUA = `
local cur = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
local seq = tonumber(ARGV[1])
if cur >= seq then return cur end
local offset = tonumber(redis.call('GET', KEYS[3]) or '0')
local n = tonumber(ARGV[5])
if n > 0 and cur == tonumber(ARGV[3]) and offset == tonumber(ARGV[4]) and redis.call('LLEN', KEYS[2]) >= n then
  redis.call('RPUSH', KEYS[4], ARGV[6])
  redis.call('LTRIM', KEYS[2], n, -1)
  redis.call('SET', KEYS[3], offset + n)
end
redis.call('HSET', KEYS[1], 'seq', seq, 'state', ARGV[2])
local t = redis.call('TIME')
local cutoff = tonumber(t[1]) * 1000 - tonumber(ARGV[7])
local old = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', cutoff)
for _, cid in ipairs(old) do redis.call('HDEL', KEYS[5], cid) end
if #old > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', cutoff) end
return seq
`;

/** The log after a seq, with the offset read at the same instant (a trim may run between two separate reads). */
const READ_LOG_LUA = `
local offset = tonumber(redis.call('GET', KEYS[2]) or '0')
local from = math.max(0, tonumber(ARGV[1]) - offset)
local out = redis.call('LRANGE', KEYS[1], from, -1)
table.insert(out, 1, tostring(offset))
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
    redis.defineCommand('drAppend', { numberOfKeys: 4, lua: APPEND_LUA });
    redis.defineCommand('drAppendBatch', { numberOfKeys: 5, lua: APPEND_BATCH_LUA });
    redis.defineCommand('drSnapshot', { numberOfKeys: 6, lua: SNAPSHOT_LUA });
    redis.defineCommand('drReadLog', { numberOfKeys: 2, lua: READ_LOG_LUA });
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
      keys.logOffset(sessionId),
      keys.commandIdTimes(sessionId),
      String(expectedSeq),
      meta.cid ?? '',
      ...events.map(rest),
    )) as [string, string, string?];
    if (reply[0] === 'conflict') return { ok: false, reason: 'conflict', headSeq: Number(reply[1]) };
    if (reply[0] === 'dup') {
      const [first, count] = reply[1].split(':').map(Number);
      return { ok: true, duplicate: true, events: await this.firstRun(sessionId, first, count, Number(reply[2])) };
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
    const reply = (await (this.redis as any).drAppendBatch(
      keys.log(sessionId),
      keys.commandIds(sessionId),
      keys.writerTurn(sessionId),
      keys.logOffset(sessionId),
      keys.commandIdTimes(sessionId),
      ...argv,
    )) as string[];
    if (reply[0] === 'busy') return { ok: false, reason: 'busy' };
    if (reply[0] === 'conflict') return { ok: false, reason: 'conflict', headSeq: Number(reply[1]) };
    const at = reply[1];
    const results: Array<{ events: StoredEvent[]; duplicate: boolean }> = [];
    for (const [i, r] of reply.slice(2).entries()) {
      const [kind, firstS, countS, offsetS] = r.split(':');
      const first = Number(firstS);
      const count = Number(countS);
      if (kind === 'd') {
        results.push({ events: await this.firstRun(sessionId, first, count, Number(offsetS)), duplicate: true });
        continue;
      }
      // Built exactly as the script stored them, so what this instance applies equals what the log replays.
      results.push({ events: bodies[i].map((b, k): StoredEvent => JSON.parse(`{"seq":${first + k},"at":${at},${b.slice(1)}`)), duplicate: false });
      if (first === 1) await this.redis.sadd(keys.sessions(), sessionId);
    }
    return { ok: true, results };
  }

  /**
   * The events a command's first run appended (a duplicate's answer), read at the offset the script saw. Events
   * already trimmed (the run is more than a snapshot interval old) are in the archive only: the answer then holds
   * those still in the log, possibly none; the retry is still not appended twice.
   */
  private async firstRun(sessionId: string, first: number, count: number, offset: number): Promise<StoredEvent[]> {
    const from = Math.max(0, first - 1 - offset);
    const to = first + count - 2 - offset;
    if (to < 0) return [];
    const raw = await this.redis.lrange(keys.log(sessionId), from, to);
    return raw.map((x) => JSON.parse(x) as StoredEvent);
  }

  async readLog(sessionId: string, afterSeq: number): Promise<StoredEvent[]> {
    const [offsetS, ...raw] = (await (this.redis as any).drReadLog(keys.log(sessionId), keys.logOffset(sessionId), String(Math.max(0, afterSeq)))) as string[];
    const offset = Number(offsetS);
    const first = Math.max(afterSeq, offset) + 1;
    return raw.map((r, i) => parseLogEntry(r, first + i));
  }

  async headSeq(sessionId: string): Promise<number> {
    const [[, offset], [, length]] = (await this.redis.multi().get(keys.logOffset(sessionId)).llen(keys.log(sessionId)).exec()) as [[unknown, string | null], [unknown, number]];
    return Number(offset ?? 0) + length;
  }

  async saveSnapshot(sessionId: string, seq: number, state: string): Promise<number> {
    // Read what to trim (behind the snapshot being replaced), pack it here, and let the script check that
    // nothing moved meanwhile: Lua cannot compress, and the packed archive is what keeps memory bounded.
    const [[, prevS], [, offsetS]] = (await this.redis.multi().hget(keys.snapshot(sessionId), 'seq').get(keys.logOffset(sessionId)).exec()) as [[unknown, string | null], [unknown, string | null]];
    const prev = Number(prevS ?? 0);
    const offset = Number(offsetS ?? 0);
    if (prev >= seq) return prev;
    const n = trimCount(offset, prev, seq);
    const chunk = n > 0 ? packEntries(await this.redis.lrange(keys.log(sessionId), 0, n - 1)) : '';
    const stored = await (this.redis as any).drSnapshot(
      keys.snapshot(sessionId),
      keys.log(sessionId),
      keys.logOffset(sessionId),
      keys.archive(sessionId),
      keys.commandIds(sessionId),
      keys.commandIdTimes(sessionId),
      String(seq),
      state,
      String(prev),
      String(offset),
      String(n),
      chunk,
      String(COMMAND_ID_TTL_MS),
    );
    return Number(stored);
  }

  async readSnapshot(sessionId: string): Promise<StoredSnapshot | null> {
    const h = await this.redis.hgetall(keys.snapshot(sessionId));
    return h.seq && h.state !== undefined ? { seq: Number(h.seq), state: h.state } : null;
  }

  async readArchive(sessionId: string): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    for (const chunk of await this.redis.lrange(keys.archive(sessionId), 0, -1)) for (const raw of unpackEntries(chunk)) out.push(parseLogEntry(raw, out.length + 1));
    return out;
  }

  async deleteSession(sessionId: string, joinCodes: string[]): Promise<number> {
    // Every key of a session carries its hash tag: SCAN finds them all. On a cluster SCAN sees one node only, so
    // it runs on every master (the session's slot lives on one of them, but a slot migration may be under way);
    // the keys found share one slot, so one UNLINK per page stays single-slot.
    const pattern = `${keys.log(sessionId).slice(0, -':log'.length).replace(/[*?[\]\\]/g, '\\$&')}*`;
    // First, in one command, the keys an append writes: from then on every append of this session is refused as a
    // conflict (the log's head is 0), so none can re-create its command ids behind the scan below, which deletes
    // page by page and may already have passed them.
    let n = await this.redis.unlink(
      keys.log(sessionId),
      keys.logOffset(sessionId),
      keys.commandIds(sessionId),
      keys.commandIdTimes(sessionId),
      keys.writerTurn(sessionId),
      keys.snapshot(sessionId),
      keys.archive(sessionId),
    );
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
