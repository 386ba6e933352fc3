import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import type { Audience } from '../../shared/domain/audience.js';
import { DomainError } from '../../shared/protocol/errors.js';
import type { TokenSigner } from '../auth/tokens.js';
import type { SessionHub, SessionRuntime } from '../sessions/SessionHub.js';
import { keys } from '../store/keys.js';
import { adapterClientOptions, DEFAULT_COMMAND_TIMEOUT_MS } from '../store/redisStore.js';
import type { Store } from '../store/Store.js';
import { startDueLoop } from '../capabilities/dueLoop.js';
import '../capabilities/redactors.js';
import { isRoleDependent, versionsByRole } from '../capabilities/eventRedaction.js';
import { ViewerRole } from '../../shared/protocol/primitives.js';
import { toWire } from '../capabilities/session/handlers.js';
import { bindCommands } from './commandRouter.js';
import { toWireError } from './errors.js';
import { verifyHandshake } from './handshake.js';
import { LocalConnections } from './localConnections.js';
import { allowRequestFor, type OriginPolicy } from './originCheck.js';
import { clientAddress, type TrustFn } from '../http/clientAddress.js';
import { Presence } from './presence.js';
import { emitLive } from './liveStream.js';
import { RoomHistory } from './roomHistory.js';
import { RosterDigests } from './rosterDigest.js';
import { audienceTargets, socketRooms } from './roomNames.js';
import type { SocketData } from './socketData.js';
import { viewerOf } from './viewer.js';
import { tokenRefusal } from './tokenPolicy.js';
import type { LinkIssuer } from '../auth/links.js';
import { own } from '../../shared/domain/keyed.js';

export interface RealtimeOptions {
  httpServer: HttpServer;
  hub: SessionHub;
  store: Store;
  signer: TokenSigner;
  log: Logger;
  instanceId: string;
  redisUrl: string | null;
  maxConnectionsPerAddress: number;
  commandRate: { perSecond: number; burst: number };
  /** Longest wait for one command of the adapter's Redis clients, in ms. */
  redisCommandTimeoutMs?: number;
  /** How long after arrival a queued command is still run (the clients' ack timeout), in ms. */
  commandDeadlineMs?: number;
  /** Signs links for the access capability (re-issue). */
  links?: LinkIssuer;
  /** Open sockets one person (or a session's projector) may hold, across instances. */
  maxSocketsPerPerson?: number;
  /** Commands one person may send per window, all their sockets together, cluster-wide. */
  personRate?: { max: number; windowMs: number };
  /** Largest message accepted, in bytes (Yjs updates are the largest legitimate ones). */
  maxMessageBytes?: number;
  /** Page origins allowed to connect (PUBLIC_URL, ALLOWED_ORIGINS). */
  originPolicy: OriginPolicy;
  /** TRUST_PROXY as a function: the handshake's address follows the same rule as HTTP's `req.ip`. */
  trustProxy: TrustFn;
  /** Longest wait before participants hear of a roster change (the digest's period), in ms; default 2,000. */
  rosterDigestMs?: number;
}

const RELAY_EVENT = 'dr:appended';
/** "This session was deleted": every instance drops its copy and closes its sockets of it. */
const DELETED_EVENT = 'dr:deleted';
/** How often open sockets are checked for tokens that expired meanwhile. */
const EXPIRY_SWEEP_MS = 60_000;

/**
 * Socket.IO wiring: handshake auth, command binding, presence, and fan-out of applied events to the
 * sockets of this instance. Events appended here are relayed to the other instances through the
 * Redis adapter's server-side emit; each instance applies them and serves its own sockets, so a relayed
 * event is never re-broadcast or stored twice.
 */
export async function startRealtime(opts: RealtimeOptions) {
  const { hub, log, instanceId } = opts;
  const io = new Server(opts.httpServer, {
    maxHttpBufferSize: opts.maxMessageBytes ?? 256 * 1024,
    pingInterval: 10_000,
    pingTimeout: 10_000,
    // Foreign pages are refused before the WebSocket opens (see originCheck.ts); CORS only matters for polling.
    allowRequest: allowRequestFor(opts.originPolicy),
    cors: { origin: opts.originPolicy.allowedOrigins.concat(opts.originPolicy.publicUrl ? [new URL(opts.originPolicy.publicUrl).origin] : []) },
  });
  const local = new LocalConnections();
  const presence = new Presence({ hub, store: opts.store, local, instanceId, log, multiInstance: Boolean(opts.redisUrl) });
  let closing = false;
  const redisClients: Redis[] = [];

  if (opts.redisUrl) {
    const pub = new Redis(opts.redisUrl, adapterClientOptions(opts.redisCommandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS));
    const sub = new Redis(opts.redisUrl, adapterClientOptions(opts.redisCommandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS));
    for (const c of [pub, sub]) c.on('error', (err) => log.warn({ err: err.message }, 'adapter redis error'));
    for (const c of [pub, sub]) catchFireAndForget(c, log);
    await Promise.all([pub.connect(), sub.connect()]);
    redisClients.push(pub, sub);
    io.adapter(createAdapter(pub, sub, { key: keys.adapterChannel() }));
    hub.onAppended((sessionId, events) => {
      // While shutting down (or while Redis is away) the relay is skipped: the others read the log anyway.
      if (!closing && pub.status === 'ready') io.serverSideEmit(RELAY_EVENT, { origin: instanceId, sessionId, events });
    });
    io.on(DELETED_EVENT, (msg: { origin: string; sessionId: string }) => {
      if (msg?.origin !== instanceId && typeof msg?.sessionId === 'string') dropSession(msg.sessionId);
    });
    io.on(RELAY_EVENT, (msg: { origin: string; sessionId: string; events: StoredEvent[] }) => {
      if (msg?.origin === instanceId) return;
      hub.receiveRemote(msg.sessionId, msg.events).catch((err) => log.warn({ err }, 'relay apply failed'));
    });
  }

  // Participants learn roster news (joins, connections) from a periodic digest, not one event per change.
  const digests = new RosterDigests(io, opts.rosterDigestMs);
  hub.onApplied((rt, events) => {
    fanOut(rt, events);
    digests.noteApplied(rt, events);
  });
  // After the relay is wired: the sweep of earlier boots' presence reaches the other instances at once.
  await presence.start();

  /** Transient messages (not in the log) go through the adapter to the audience's sockets on every instance. */
  function emitToAudience(sessionId: string, audience: Audience, event: string, payload: unknown, exceptSocket?: string) {
    const except = audience.all ? [] : (audience.exceptRoles ?? []).map((r) => socketRooms.role(sessionId, r));
    // A socket id is also a Socket.IO room, on every instance through the adapter.
    if (exceptSocket) except.push(exceptSocket);
    const to = io.to(audienceTargets(sessionId, audience));
    (to.except(except) as unknown as { emit(e: string, p: unknown): void }).emit(event, payload);
  }

  function fanOut(rt: SessionRuntime, events: StoredEvent[]) {
    if (!events.length) return;
    const history = historyOf(rt, events[0].seq - 1);
    for (const e of events) {
      if (e.type === 'person:removed') disconnectRemoved(rt.id, (e.data as { personId: string }).personId);
      if (e.type === 'access:linksReissued') closeRefused(rt);
      syncMemberships(rt, e);
      history.record(e);
      const targets = audienceTargets(rt.id, e.audience);
      if (!isRoleDependent(e.type)) {
        const except = e.audience.all ? [] : (e.audience.exceptRoles ?? []).map((r) => socketRooms.role(rt.id, r));
        emitLive(io, targets, except, toWire(e));
        continue;
      }
      // One emit per version (a removal reason for moderators only, no chat on the projector): each socket is in
      // exactly one role room, so "the audience except the other roles' rooms" is those roles' share of it.
      for (const { event, roles } of versionsByRole(e)) {
        const others = ViewerRole.options.filter((r) => !roles.includes(r)).map((r) => socketRooms.role(rt.id, r));
        emitLive(io, targets, others, toWire(event));
      }
    }
  }

  /** Room-scoped history per loaded session (kept with the runtime, gone with it). */
  const histories = new WeakMap<SessionRuntime, RoomHistory>();
  function historyOf(rt: SessionRuntime, upTo: number): RoomHistory {
    let h = histories.get(rt);
    if (!h) histories.set(rt, (h = RoomHistory.from(rt.recent, upTo, Object.keys(rt.state.rooms))));
    return h;
  }

  function disconnectRemoved(sid: string, pid: string) {
    for (const s of local.of(sid, pid)) {
      s.emit('session:closing', { code: 'REMOVED', message: 'You were removed from this session by a moderator.' });
      // Let the closing message flush before the transport closes.
      setTimeout(() => s.disconnect(true), 50);
    }
  }

  /**
   * Closes this instance's sockets of a session whose token no longer works (re-issued links, expiry), with the
   * named reason. Every instance does it when it applies the re-issue, so old links go dark cluster-wide.
   */
  function closeRefused(rt: SessionRuntime) {
    const now = Date.now();
    for (const [, sockets] of local.inSession(rt.id)) {
      for (const s of sockets) {
        const refusal = tokenRefusal(s.data as SocketData, rt.state, now);
        if (!refusal) continue;
        s.emit('session:closing', { code: refusal.code, message: refusal.message });
        setTimeout(() => s.disconnect(true), 50);
      }
    }
  }

  /** Keeps each local socket in the Socket.IO rooms its person's current role and room call for. */
  function syncMemberships(rt: SessionRuntime, e: StoredEvent) {
    const pid = (e.data as { personId?: unknown })?.personId;
    const targets = typeof pid === 'string' ? [[pid, new Set(local.of(rt.id, pid))] as const] : MEMBERSHIP_WIDE.has(e.type) ? local.inSession(rt.id) : [];
    for (const [personId, sockets] of targets) for (const s of sockets) joinRooms(s, rt, personId, e.seq);
  }

  /** `atSeq`: the event being delivered when the view is recomputed (the state's seq at connection). */
  function joinRooms(socket: Socket, rt: SessionRuntime, personId: string, atSeq = rt.state.seq) {
    const data = socket.data as SocketData;
    const viewer = viewerOf(rt.state, personId, data.tokenRole);
    if (!viewer) return;
    const sid = rt.id;
    const wanted = new Set([
      socketRooms.session(sid),
      socketRooms.role(sid, viewer.role),
      socketRooms.person(sid, viewer.personId),
      ...viewer.rooms.map((r) => socketRooms.room(sid, r)),
    ]);
    for (const r of socket.rooms) if (r !== socket.id && !wanted.has(r)) socket.leave(r);
    socket.join([...wanted]);
    // What this person may see changed (a new role or support duty, a breakout, a visit): the events it missed
    // while it could not see them are not replayed, so the client takes a fresh snapshot — but only when there
    // is such history. Rooms entered that said nothing since this socket last saw them (fresh breakouts, a
    // quiet plenary at recall) need none: the phone builds its new view from the events it gets (issue 20).
    const roleKey = `${viewer.role}|${own(rt.state.people, personId)?.support ? 's' : ''}`;
    if (data.viewKey !== undefined && data.viewRooms) {
      const before = data.viewRooms;
      const left = (data.leftRooms ??= new Map());
      // Seen until just before the event that moved it: that event itself is not delivered to the room it left.
      for (const r of before) if (!viewer.rooms.includes(r)) left.set(r, atSeq - 1);
      const history = historyOf(rt, atSeq - 1);
      const missed = viewer.rooms.some((r) => !before.includes(r) && history.lastOf(r) > (left.get(r) ?? 0));
      if (data.viewKey !== roleKey || missed) socket.emit('session:resync', { reason: 'view changed' });
    }
    data.viewKey = roleKey;
    data.viewRooms = [...viewer.rooms];
  }

  io.use(async (socket, next) => {
    try {
      const address = clientAddress(socket.request, opts.trustProxy);
      if (local.countFrom(address) >= opts.maxConnectionsPerAddress) throw new DomainError('RATE_LIMITED', 'too many connections from this address');
      const claims = await verifyHandshake(socket.handshake.auth, opts.signer, hub);
      if (opts.maxSocketsPerPerson && (await socketsOf(claims.sid, claims.pid)) >= opts.maxSocketsPerPerson) {
        throw new DomainError('RATE_LIMITED', 'too many open connections for this person; close another tab or device');
      }
      const data: SocketData = {
        sessionId: claims.sid,
        personId: claims.pid,
        tokenRole: claims.role,
        tokenGen: claims.gen,
        tokenExp: claims.exp,
        address,
        log: log.child({ socketId: socket.id, sessionId: claims.sid, personId: claims.pid }),
      };
      socket.data = data;
      next();
    } catch (err) {
      const e = toWireError(err);
      next(Object.assign(new Error(e.message), { data: e }));
    }
  });

  /**
   * A person's open sockets: this instance's exactly, the others' from the logged presence counts (batched, so
   * up to ~150 ms behind: a burst of simultaneous connections on several instances may pass the cap by a few).
   */
  async function socketsOf(sid: string, pid: string): Promise<number> {
    const here = local.of(sid, pid).length;
    const st = (await hub.get(sid))?.state;
    const p = st ? own(st.people, pid) : undefined;
    let elsewhere = 0;
    if (p) for (const [instance, n] of Object.entries(p.connections)) if (instance !== presence.key) elsewhere += n;
    return here + elsewhere;
  }

  io.on('connection', async (socket) => {
    const data = socket.data as SocketData;
    const rt = await hub.get(data.sessionId);
    if (!rt) return socket.disconnect(true);
    // Join rooms before anything else, so no event applied from now on is missed by this socket.
    joinRooms(socket, rt, data.personId);
    // Every event applied from now on reaches this socket; its sync covers everything up to here.
    data.lastSent = rt.state.seq;
    bindCommands(socket, { hub, store: opts.store, emit: emitToAudience, commandRate: opts.commandRate, commandDeadlineMs: opts.commandDeadlineMs ?? 8000, links: opts.links, personRate: opts.personRate });
    data.log.debug('connected');
    local.add(data.sessionId, data.personId, socket, data.address);
    if (data.tokenRole !== 'projector') presence.changed(data.sessionId, data.personId);
    socket.on('disconnect', (reason) => {
      data.log.debug({ reason }, 'disconnected');
      local.remove(data.sessionId, data.personId, socket, data.address);
      if (data.tokenRole !== 'projector') presence.changed(data.sessionId, data.personId);
    });
  });

  // Relays are at most once (Redis pub/sub), so each instance also compares its state with the log head.
  const timers: NodeJS.Timeout[] = [];
  // Timed transitions (countdown moves, poll deadlines) are checked on every instance; each happens once.
  const stopDueLoop = startDueLoop({ hub, store: opts.store, log, emit: emitToAudience });
  if (opts.redisUrl) timers.push(setInterval(() => { for (const sid of hub.loaded()) hub.catchUp(sid).catch(() => {}); }, 2_000));
  // Tokens expire while their sockets are open: close those (their commands are refused already).
  timers.push(setInterval(() => void closeExpired(), EXPIRY_SWEEP_MS));
  async function closeExpired() {
    for (const sid of hub.loaded()) {
      const rt = await hub.get(sid).catch(() => null);
      if (rt) closeRefused(rt);
    }
  }

  /** Forgets a deleted session on this instance and closes its sockets here (their reconnect finds no session). */
  function dropSession(sessionId: string) {
    hub.forget(sessionId);
    io.local.in(socketRooms.session(sessionId)).disconnectSockets(true);
  }

  return {
    io,
    local,
    emitToAudience,
    /** After the store deleted a session: every instance drops it and closes its connections. */
    sessionDeleted(sessionId: string) {
      dropSession(sessionId);
      if (opts.redisUrl && !closing) io.serverSideEmit(DELETED_EVENT, { origin: instanceId, sessionId });
    },
    async close() {
      for (const t of timers) clearInterval(t);
      digests.stop();
      stopDueLoop();
      // A graceful stop says goodbye: the disconnections are logged before the relay is turned off.
      // local: on the Redis adapter a plain disconnectSockets() would close every instance's sockets.
      io.local.disconnectSockets(true);
      await presence.flush().catch(() => {});
      closing = true;
      await presence.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // quit() waits for pending replies (the adapter unsubscribes on close), unlike disconnect().
      await Promise.all(redisClients.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

/** Event types that can change the rooms of many people at once (capabilities add theirs). */
export const MEMBERSHIP_WIDE = new Set<string>(['presence:instanceGone', 'rooms:opened', 'rooms:recalled', 'rooms:planned']);

/**
 * The Redis adapter calls `publish` and `unsubscribe` without handling their promises, and ioredis itself
 * re-subscribes after a reconnect without handling them either: a command cut by a closing connection
 * ("Connection is closed.") would be an unhandled rejection, which ends a Node process. A lost fan-out is not
 * a lost event (the log is the truth and other instances catch up by sequence number), so it is logged.
 */
function catchFireAndForget(client: Redis, log: Logger): void {
  type Command = (...args: unknown[]) => Promise<unknown>;
  const target = client as unknown as Record<string, Command>;
  for (const name of ['publish', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe']) {
    const original = target[name].bind(client);
    target[name] = (...args: unknown[]) => {
      const sent = original(...args);
      sent.catch((err: Error) => log.warn({ err: err.message, command: name }, 'adapter redis command failed'));
      return sent;
    };
  }
}
