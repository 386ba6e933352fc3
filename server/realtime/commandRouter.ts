import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { COMMANDS, type CommandName, type ServerEventName } from '../../shared/protocol/registry.js';
import type { Audience } from '../../shared/domain/audience.js';
import { DomainError, RETRYABLE_CODES } from '../../shared/protocol/errors.js';
import { HANDLERS } from '../capabilities/index.js';
import { commandScopedId } from '../capabilities/commandIds.js';
import type { CommandContext } from '../capabilities/types.js';
import type { SessionHub } from '../sessions/SessionHub.js';
import type { Store } from '../store/Store.js';
import { toWireError, zodMessage } from './errors.js';
import { TokenBucket } from './tokenBucket.js';
import { viewerOf } from './viewer.js';
import { tokenRefusal } from './tokenPolicy.js';
import type { LinkIssuer } from '../auth/links.js';
import type { SocketData } from './socketData.js';
import { own } from '../../shared/domain/keyed.js';
import { sessionCounter } from '../store/keys.js';

export interface RouterDeps {
  hub: SessionHub;
  /** The realtime logger: a command's child logger (socket, session, person, event) is made from it when it logs. */
  log: Logger;
  store: Store;
  /** `exceptSocket`: a socket id left out (the sender of a relayed edit is not echoed its own update). */
  emit(sessionId: string, audience: Audience, event: ServerEventName, payload: unknown, exceptSocket?: string): void;
  commandRate: { perSecond: number; burst: number };
  /** How long after it arrived a command is still run, in ms: the clients' ack timeout (see config.ts). */
  commandDeadlineMs: number;
  /** Signs links for the access capability (re-issue). */
  links?: LinkIssuer;
  /** Commands one person may send in a window, all their sockets on every instance together (counted in the store). */
  personRate?: { max: number; windowMs: number };
}

/**
 * The connection's own housekeeping, sent on every (re)connect: bounded by the per-socket bucket and the cap of
 * sockets per person, and not worth a store round trip each (they also keep working while the store is away).
 */
const NOT_COUNTED_PER_PERSON = new Set<string>(['session:sync', 'time:sync']);

/** How long the ack of a command is remembered for retries: longer than any client keeps a command queued. */
const ACK_MEMORY_MS = 24 * 60 * 60 * 1000;

type Ack = (res: unknown) => void;
/** Socket.IO calls an `onAny` listener with the socket as `this`, the event name, its arguments and the ack. */
export type Dispatcher = (this: Socket, event: unknown, ...args: unknown[]) => void;

/**
 * The one listener of every socket (`socket.onAny(dispatcher)`), made once per server: a socket costs one
 * entry in its any-listeners, not a closure per command of the registry (issue 20, per-socket cost). For each
 * command: the socket's rate limit, parse with its schema, check the sender's current role, run the
 * capability's handler, ack `{ ok: true, ... }` or `{ ok: false, error }`. Handlers never see unparsed input.
 * An event that is not in the registry is refused with UNKNOWN_EVENT.
 */
export function commandDispatcher(deps: RouterDeps): Dispatcher {
  return function dispatch(this: Socket, event: unknown, ...args: unknown[]) {
    if (typeof event === 'string' && Object.hasOwn(COMMANDS, event)) {
      void handle(this, event as CommandName, args, deps);
      return;
    }
    reply(this, String(event).slice(0, 60), args[args.length - 1], { ok: false, error: { code: 'UNKNOWN_EVENT', message: 'not in the protocol registry' } });
  };
}

/** Answers through the ack when the sender asked for one; a refusal without ack still reaches it as session:error. */
function reply(socket: Socket, event: string, ack: unknown, res: { ok: boolean; error?: unknown }) {
  if (typeof ack === 'function') (ack as Ack)(res);
  else if (!res.ok) socket.emit('session:error', { event, error: res.error as never });
}

async function handle(socket: Socket, name: CommandName, args: unknown[], deps: RouterDeps): Promise<void> {
  const data = socket.data as SocketData;
  const ack = args.length > 1 ? args[args.length - 1] : args[0];
  const raw = typeof args[0] === 'function' ? undefined : args[0];
  // Past this moment the sender no longer waits for the answer (it retries with the same cid instead).
  const deadline = performance.now() + deps.commandDeadlineMs;
  // Made on the first log line only: most commands never log, and a pino child costs its bindings' serialisation.
  let log: Logger | undefined;
  const logger = () => (log ??= deps.log.child({ socketId: socket.id, sessionId: data.sessionId, personId: data.personId, event: name }));
  try {
    const bucket = (data.bucket ??= new TokenBucket(deps.commandRate.perSecond, deps.commandRate.burst));
    const result = await run(name, raw, data, deps, bucket, logger, deadline, socket.id);
    reply(socket, name, ack, { ok: true, ...result });
  } catch (err) {
    const error = toWireError(err);
    if (error.code === 'INTERNAL') logger().error({ err }, 'command failed');
    else if (deps.log.isLevelEnabled('debug')) logger().debug({ code: error.code }, 'command refused');
    reply(socket, name, ack, { ok: false, error });
  }
}

async function run(name: CommandName, raw: unknown, data: SocketData, deps: RouterDeps, bucket: TokenBucket, log: () => Logger, deadline: number, socketId: string): Promise<object> {
  if (!bucket.take()) throw new DomainError('RATE_LIMITED');
  const spec = COMMANDS[name];
  const parsed = spec.payload.safeParse(raw);
  if (!parsed.success) throw new DomainError('BAD_REQUEST', zodMessage(parsed.error));
  const runtime = await deps.hub.require(data.sessionId);
  const viewer = viewerOf(runtime.state, data.personId, data.tokenRole);
  if (!viewer) throw new DomainError('REMOVED');
  // A token that expired or was revoked while the socket was open works no longer (the socket is closed too).
  const refusal = tokenRefusal(data, runtime.state, Date.now());
  if (refusal) throw refusal;
  if (deps.personRate && !NOT_COUNTED_PER_PERSON.has(name)) await countPerPerson(deps, data, deps.personRate, log);
  if (!spec.roles.includes(viewer.role)) throw new DomainError('FORBIDDEN', `${name} is not allowed for role ${viewer.role}`);
  const cid = (parsed.data as { cid?: string }).cid;
  const ctx: CommandContext = {
    sessionId: data.sessionId,
    personId: data.personId,
    role: viewer.role,
    person: own(runtime.state.people, data.personId) ?? null,
    viewer,
    runtime,
    hub: deps.hub,
    store: deps.store,
    get log() {
      return log();
    },
    cid,
    emit: (audience, event, payload, opts) => deps.emit(data.sessionId, audience, event, payload, opts?.exceptSender ? socketId : undefined),
    execute: (decide) => deps.hub.execute(data.sessionId, data.personId, decide, cid, { deadline }),
    idFor: (prefix, n) => commandScopedId(prefix, { sessionId: data.sessionId, personId: data.personId, cid }, n),
    now: () => deps.hub.now(),
    links: deps.links,
    adoptGeneration: (generation) => {
      data.tokenGen = generation;
    },
    get state() {
      return runtime.state;
    },
  };
  const handler = HANDLERS[name] as (c: CommandContext, p: unknown) => Promise<object>;
  // A retry after a lost ack is answered from its first run by the log itself: the hub returns the first
  // run's events for a known cid (before deciding, so "already open" does not hide it), and the ids a
  // command creates are derived from (person, cid), so the ack rebuilt from those events is the first one.
  // The remembered ack is only a fallback for a retry refused because its first run is too old to be found
  // in memory: it is written after the answer, off the answer's path, and read only on such a refusal.
  const ackKey = cid && !(spec as { idempotent?: boolean }).idempotent ? `${data.personId}:${cid}` : null;
  try {
    const result = await handler(ctx, parsed.data);
    if (ackKey) void deps.store.rememberAck(data.sessionId, ackKey, JSON.stringify(result), ACK_MEMORY_MS).catch(() => undefined);
    return result;
  } catch (err) {
    if (ackKey && err instanceof DomainError && !RETRYABLE_CODES.includes(err.code)) {
      const remembered = await deps.store.recallAck(data.sessionId, ackKey).catch(() => null);
      if (remembered) return JSON.parse(remembered) as object;
    }
    throw err;
  }
}

/** Longest wait for the per-person counter before a command goes on without it, in ms. */
const PERSON_COUNT_WAIT_MS = 250;

/**
 * The per-person command limit, shared by all of a person's sockets on every instance (`store.hit` is atomic in
 * Redis). When the store cannot count, the limit is not enforced (the per-socket bucket still is): a command
 * that needs the store fails on its own with UNAVAILABLE, and one that does not should not fail for a counter.
 */
async function countPerPerson(deps: RouterDeps, data: SocketData, rate: { max: number; windowMs: number }, log: () => Logger): Promise<void> {
  let n = 0;
  try {
    // A counter is not worth a wait: when the store is slow or frozen, the command goes on uncounted after
    // PERSON_COUNT_WAIT_MS instead of spending a whole command timeout here before it even reaches its queue.
    const hit = deps.store.hit(sessionCounter(data.sessionId, 'cmd', data.personId), rate.windowMs);
    hit.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('per-person counter too slow')), PERSON_COUNT_WAIT_MS);
    });
    try {
      n = await Promise.race([hit, late]);
    } finally {
      clearTimeout(timer);
    }
  } catch (err) {
    log().debug({ err: String(err) }, 'per-person rate not counted');
    return;
  }
  if (n > rate.max) throw new DomainError('RATE_LIMITED', 'too many commands from this person; wait a few seconds');
}
