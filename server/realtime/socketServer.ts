import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import type { Audience } from '../../shared/domain/audience.js';
import { DomainError } from '../../shared/protocol/errors.js';
import type { TokenSigner } from '../auth/tokens.js';
import type { SessionHub, SessionRuntime } from '../sessions/SessionHub.js';
import { keys } from '../store/keys.js';
import { adapterClientOptions, DEFAULT_COMMAND_TIMEOUT_MS } from '../store/redisStore.js';
import { isCluster, redisClient, type RedisClient, type RedisTarget } from '../store/redisConnection.js';
import { SessionRelay, type RelayMessage } from './sessionRelay.js';
import type { Store } from '../store/Store.js';
import { hasDueTimer, startDueLoop } from '../capabilities/dueLoop.js';
import { MEMBERSHIP_WIDE } from '../capabilities/views.js';
import { noteRosterEvents } from '../capabilities/people/rosterIndex.js';
import { startIdleUnload } from '../sessions/idleUnload.js';
import { isRoleDependent, versionsByRole } from '../capabilities/eventRedaction.js';
import { ViewerRole } from '../../shared/protocol/primitives.js';
import { toWire } from '../capabilities/session/handlers.js';
import { commandDispatcher } from './commandRouter.js';
import { toWireError } from './errors.js';
import { verifyHandshake } from './handshake.js';
import { LocalConnections } from './localConnections.js';
import { allowRequestFor, type OriginPolicy } from './originCheck.js';
import { clientAddress, type TrustFn } from '../http/clientAddress.js';
import { Presence } from './presence.js';
import { emitLive } from './liveStream.js';
import { pushView } from './viewPush.js';
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
  /** The deployment's Redis (one server or a cluster); null: one instance, nothing to relay. */
  redis: RedisTarget | null;
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
  /** A session without socket here, pending command or due timer is unloaded after this long, in ms (0: never). */
  idleUnloadMs?: number;
  /** Longest wait before participants hear of a roster change (the digest's period), in ms; default 2,000. */
  rosterDigestMs?: number;
}

/** The same Redis error of the relay's clients is logged at most this often, in ms. */
const REDIS_ERROR_LOG_MS = 10_000;
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
  const presence = new Presence({ hub, store: opts.store, local, instanceId, log, multiInstance: Boolean(opts.redis) });
  let closing = false;
  const redisClients: RedisClient[] = [];
  let relay: SessionRelay | null = null;

  if (opts.redis) {
    const options = adapterClientOptions(opts.redisCommandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
    const clustered = opts.redis.kind === 'cluster';
    const pub = redisClient(opts.redis, options);
    const sub = redisClient(opts.redis, options, { shardedSubscribers: true });
    // One Redis: the relay needs a subscriber of its own (the classic adapter's takes every message it hears as
    // its own). A cluster's sharded subscribers dispatch by channel, so the adapter and the relay share them.
    const relaySub = clustered ? sub : redisClient(opts.redis, options);
    const clients = [...new Set([pub, sub, relaySub])];
    // A cluster client repeats a lost master's error on every reconnection attempt (tens per second): each distinct
    // message is logged at most every REDIS_ERROR_LOG_MS.
    const lastLogged = new Map<string, number>();
    for (const c of clients) {
      c.on('error', (err: Error) => {
        const now = performance.now();
        if (now - (lastLogged.get(err.message) ?? -Infinity) < REDIS_ERROR_LOG_MS) return;
        lastLogged.set(err.message, now);
        log.warn({ err: err.message }, 'relay redis error');
      });
    }
    for (const c of clients) catchFireAndForget(c, log);
    await Promise.all(clients.map((c) => c.connect()));
    redisClients.push(...clients);
    // Socket.IO's adapter stays for Socket.IO's own cross-instance operations; the product's messages of a session
    // (appended events, transient emits, deletion) travel on the session's relay channel below. On a cluster:
    // the sharded adapter in 'static' mode (two channels per instance), as nothing product-side broadcasts
    // through it, so a room costs no SSUBSCRIBE.
    io.adapter(
      isCluster(pub)
        ? createShardedAdapter(pub, sub, { channelPrefix: keys.adapterChannel(), subscriptionMode: 'static' })
        : createAdapter(pub, sub, { key: keys.adapterChannel() }),
    );
    relay = new SessionRelay({ pub, sub: relaySub, instanceId, log, onMessage: (sid, msg) => onRelay(sid, msg) });
    const r = relay;
    // Subscribed before the log is read: an event appended elsewhere after the read arrives by the relay.
    hub.onLoading((sid) => (closing ? Promise.resolve() : r.subscribe(sid)));
    hub.onDropped((sid) => r.unsubscribe(sid));
    hub.onAppended((sessionId, events) => {
      // While shutting down the relay is skipped: the others read the log anyway.
      if (!closing) r.publish(sessionId, { kind: 'appended', events });
    });
  }

  function onRelay(sessionId: string, msg: RelayMessage) {
    if (msg.kind === 'deleted') dropSession(sessionId);
    else if (msg.kind === 'emit') emitLocally(sessionId, msg.audience, msg.event, msg.payload);
    else hub.receiveRemote(sessionId, msg.events).catch((err) => log.warn({ err }, 'relay apply failed'));
  }

  // Participants learn roster news (joins, connections) from a periodic digest, not one event per change.
  const digests = new RosterDigests(io, opts.rosterDigestMs);
  hub.onApplied((rt, events) => {
    // First: the views built while fanning out (pushed on widening) read the index at the new seq.
    noteRosterEvents(rt.state, events);
    fanOut(rt, events);
    digests.noteApplied(rt, events);
  });
  // After the relay is wired: the sweep of earlier boots' presence reaches the other instances at once.
  await presence.start();

  /**
   * Transient messages (not in the log) reach the audience's sockets here and, through the session's relay
   * channel, on every other instance that holds the session (the only ones that can have its sockets).
   */
  function emitToAudience(sessionId: string, audience: Audience, event: string, payload: unknown, exceptSocket?: string) {
    emitLocally(sessionId, audience, event, payload, exceptSocket);
    if (relay && !closing) relay.publish(sessionId, { kind: 'emit', audience, event, payload });
  }

  /** `exceptSocket`: a socket id is also a Socket.IO room (the sender's, on the instance it is connected to). */
  function emitLocally(sessionId: string, audience: Audience, event: string, payload: unknown, exceptSocket?: string) {
    const except = audience.all ? [] : (audience.exceptRoles ?? []).map((r) => socketRooms.role(sessionId, r));
    if (exceptSocket) except.push(exceptSocket);
    const to = io.local.to(audienceTargets(sessionId, audience));
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
      if (data.viewKey !== roleKey || missed) pushView(socket, rt, viewer, { store: opts.store, now: () => hub.now(), emit: emitToAudience, log });
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
        // Checked by verifyHandshake to lie between the oldest accepted and the current version.
        protocol: (socket.handshake.auth as { protocol: number }).protocol,
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

  // One dispatcher and one disconnect handler for every socket (they get the socket as `this`): a connection
  // holds no closure of its own, and no logger until it logs (issue 20, per-socket cost).
  const dispatch = commandDispatcher({ hub, store: opts.store, log, emit: emitToAudience, commandRate: opts.commandRate, commandDeadlineMs: opts.commandDeadlineMs ?? 8000, links: opts.links, personRate: opts.personRate });
  function onDisconnect(this: Socket, reason: string) {
    const data = this.data as SocketData;
    log.debug({ socketId: this.id, sessionId: data.sessionId, personId: data.personId, reason }, 'disconnected');
    local.remove(data.sessionId, data.personId, this, data.address);
    if (data.tokenRole !== 'projector') presence.changed(data.sessionId, data.personId);
  }

  io.on('connection', async (socket) => {
    const data = socket.data as SocketData;
    const rt = await hub.get(data.sessionId);
    if (!rt) return socket.disconnect(true);
    // Join rooms before anything else, so no event applied from now on is missed by this socket.
    joinRooms(socket, rt, data.personId);
    // Every event applied from now on reaches this socket; its sync covers everything up to here.
    data.lastSent = rt.state.seq;
    socket.onAny(dispatch);
    log.debug({ socketId: socket.id, sessionId: data.sessionId, personId: data.personId }, 'connected');
    local.add(data.sessionId, data.personId, socket, data.address);
    if (data.tokenRole !== 'projector') presence.changed(data.sessionId, data.personId);
    socket.on('disconnect', onDisconnect);
  });

  // Relays are at most once (Redis pub/sub), so each instance also compares its state with the log head.
  const timers: NodeJS.Timeout[] = [];
  // Timed transitions (countdown moves, poll deadlines) are checked on every instance; each happens once.
  const stopDueLoop = startDueLoop({ hub, store: opts.store, log, emit: emitToAudience });
  // Idle sessions leave memory; a socket here or a deadline in the state keeps one loaded (see idleUnload.ts).
  const stopIdleUnload = startIdleUnload({
    hub,
    idleMs: opts.idleUnloadMs ?? 0,
    busy: (sid, h) => local.inSession(sid).some(([, set]) => set.size > 0) || hasDueTimer(h.peek(sid)!.state),
  });
  if (opts.redis) timers.push(setInterval(() => { for (const sid of hub.loaded()) hub.catchUp(sid).catch(() => {}); }, 2_000));
  // Tokens expire while their sockets are open: close those (their commands are refused already).
  timers.push(setInterval(() => void closeExpired(), EXPIRY_SWEEP_MS));
  async function closeExpired() {
    for (const sid of hub.loaded()) {
      const rt = hub.peek(sid);
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
    /** The per-session relay (null on one instance without Redis). */
    relay,
    /**
     * Stops relaying a session to this instance: for code that unloads a session without `hub.forget` (which
     * already calls it). Idempotent.
     */
    unsubscribe(sessionId: string) {
      relay?.unsubscribe(sessionId);
    },
    /** After the store deleted a session: every instance drops it and closes its connections. */
    sessionDeleted(sessionId: string) {
      dropSession(sessionId);
      if (relay && !closing) relay.publish(sessionId, { kind: 'deleted' });
    },
    async close() {
      for (const t of timers) clearInterval(t);
      digests.stop();
      stopDueLoop();
      stopIdleUnload();
      // A graceful stop says goodbye: the disconnections are logged before the relay is turned off.
      // local: on the Redis adapter a plain disconnectSockets() would close every instance's sockets.
      io.local.disconnectSockets(true);
      await presence.flush().catch(() => {});
      closing = true;
      await presence.stop();
      await relay?.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // quit() waits for pending replies (the adapter unsubscribes on close), unlike disconnect().
      await Promise.all(redisClients.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

/**
 * The Redis adapter calls `publish` and `unsubscribe` without handling their promises, and ioredis itself
 * re-subscribes after a reconnect without handling them either: a command cut by a closing connection
 * ("Connection is closed.") would be an unhandled rejection, which ends a Node process. A lost fan-out is not
 * a lost event (the log is the truth and other instances catch up by sequence number), so it is logged.
 */
function catchFireAndForget(client: RedisClient, log: Logger): void {
  type Command = (...args: unknown[]) => Promise<unknown>;
  const target = client as unknown as Record<string, Command>;
  // The sharded adapter's SSUBSCRIBE / SPUBLISH too (a cluster): their promises are not handled either.
  for (const name of ['publish', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'spublish', 'ssubscribe', 'sunsubscribe']) {
    const original = target[name].bind(client);
    target[name] = (...args: unknown[]) => {
      const sent = original(...args);
      sent.catch((err: Error) => log.warn({ err: err.message, command: name }, 'adapter redis command failed'));
      return sent;
    };
  }
}
