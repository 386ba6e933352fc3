/**
 * Every Redis key and channel name, built here and nowhere else. Keys of a session carry its id as a
 * hash tag ({sessionId}), so a whole session lives on one Redis Cluster shard and its Lua scripts stay
 * single-slot; global keys (join codes, instance liveness) are single keys that need no co-location.
 */
export const KEY_PREFIX = 'dr';

const session = (sessionId: string) => `${KEY_PREFIX}:{${sessionId}}`;

/**
 * The name of a counter (`Store.hit`) that belongs to one session. It starts with the session's hash tag, so on a
 * Redis Cluster the counter lives on the session's master: a killed master stops its own sessions' counters, not
 * those of sessions elsewhere (a counter that cannot be counted refuses or delays the command it guards).
 */
export const sessionCounter = (sessionId: string, ...parts: string[]) => `{${sessionId}}:${parts.join(':')}`;

export const keys = {
  log: (sessionId: string) => `${session(sessionId)}:log`,
  commandIds: (sessionId: string) => `${session(sessionId)}:cids`,
  /** Command id -> the time (ms) it was first appended: the oldest are forgotten after a day (see trim.ts). */
  commandIdTimes: (sessionId: string) => `${session(sessionId)}:cidt`,
  /** The newest persisted snapshot of the session's state: a hash {seq, state} (issue 20, Bounded). */
  snapshot: (sessionId: string) => `${session(sessionId)}:snap`,
  /** How many events were trimmed from the head of the log: seq of the list's first entry is offset + 1. */
  logOffset: (sessionId: string) => `${session(sessionId)}:logoff`,
  /** Trimmed events, packed (gzip) in chunks, oldest first: only the report reads the whole history. */
  archive: (sessionId: string) => `${session(sessionId)}:archive`,
  /** The writer that lost an append race and has the next turn (group commit's fairness, a few hundred ms). */
  writerTurn: (sessionId: string) => `${session(sessionId)}:turn`,
  pollOpen: (sessionId: string, pollId: string) => `${session(sessionId)}:poll:${pollId}:open`,
  ballots: (sessionId: string, pollId: string) => `${session(sessionId)}:poll:${pollId}:ballots`,
  /** The remembered ack of one command (`<personId>:<cid>`), kept a day. */
  ack: (sessionId: string, key: string) => `${session(sessionId)}:ack:${key}`,
  /** A room's worksheet: a list of base64 Yjs updates, compacted now and then. */
  worksheet: (sessionId: string, roomId: string) => `${session(sessionId)}:ws:${roomId}`,
  /** Counts the compactions of a room's worksheet, so two concurrent compactors never both replace a prefix. */
  worksheetVersion: (sessionId: string, roomId: string) => `${session(sessionId)}:wsv:${roomId}`,
  /**
   * The session's relay channel between instances (issue 20): its hash tag puts it, as a sharded channel on a
   * Redis Cluster, on the master that holds the session's keys.
   */
  relay: (sessionId: string) => `${session(sessionId)}:relay`,
  joinCode: (code: string) => `${KEY_PREFIX}:code:${code}`,
  sessions: () => `${KEY_PREFIX}:sessions`,
  rateLimit: (key: string, windowStart: number) => `${KEY_PREFIX}:rl:${key}:${windowStart}`,
  instance: (instanceId: string) => `${KEY_PREFIX}:instance:${instanceId}`,
  /** The sessions an instance name (every boot of it) logged presence in: swept when it starts again. */
  instanceSessions: (instanceId: string) => `${KEY_PREFIX}:instance-sessions:${instanceId}`,
  /** Prefix of the Socket.IO Redis adapter's pub/sub channels. */
  adapterChannel: () => `${KEY_PREFIX}:sio`,
};
