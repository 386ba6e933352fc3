import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { COMMANDS, type CommandName, type ServerEventName } from '../../shared/protocol/registry.js';
import type { Audience } from '../../shared/domain/audience.js';
import { DomainError } from '../../shared/protocol/errors.js';
import { HANDLERS } from '../capabilities/index.js';
import type { CommandContext } from '../capabilities/types.js';
import type { SessionHub } from '../sessions/SessionHub.js';
import type { Store } from '../store/Store.js';
import { toWireError, zodMessage } from './errors.js';
import { TokenBucket } from './tokenBucket.js';
import { viewerOf } from './viewer.js';
import type { SocketData } from './socketData.js';
import { own } from '../../shared/domain/keyed.js';

export interface RouterDeps {
  hub: SessionHub;
  store: Store;
  emit(sessionId: string, audience: Audience, event: ServerEventName, payload: unknown): void;
  commandRate: { perSecond: number; burst: number };
}

type Ack = (res: unknown) => void;

/** How long the ack of a command is remembered for retries: longer than any client keeps a command queued. */
const ACK_MEMORY_MS = 24 * 60 * 60 * 1000;

/**
 * Binds every command of the registry on a socket: parse with its schema, check the sender's current
 * role, run the capability's handler, ack `{ ok: true, ... }` or `{ ok: false, error }`.
 * Handlers never see unparsed input.
 */
export function bindCommands(socket: Socket, deps: RouterDeps): void {
  const data = socket.data as SocketData;
  const bucket = new TokenBucket(deps.commandRate.perSecond, deps.commandRate.burst);

  const reply = (event: string, ack: unknown, res: { ok: boolean; error?: unknown }) => {
    if (typeof ack === 'function') (ack as Ack)(res);
    else if (!res.ok) socket.emit('session:error', { event, error: res.error as never });
  };

  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && Object.hasOwn(COMMANDS, event)) return;
    const ack = args[args.length - 1];
    reply(String(event).slice(0, 60), ack, { ok: false, error: { code: 'UNKNOWN_EVENT', message: 'not in the protocol registry' } });
  });

  for (const name of Object.keys(COMMANDS) as CommandName[]) {
    socket.on(name as string, async (...args: unknown[]) => {
      const ack = args.length > 1 ? args[args.length - 1] : args[0];
      const raw = typeof args[0] === 'function' ? undefined : args[0];
      const log = data.log.child({ event: name });
      try {
        const result = await run(name, raw, data, deps, bucket, log);
        reply(name, ack, { ok: true, ...result });
      } catch (err) {
        const error = toWireError(err);
        if (error.code === 'INTERNAL') log.error({ err }, 'command failed');
        else log.debug({ code: error.code }, 'command refused');
        reply(name, ack, { ok: false, error });
      }
    });
  }
}

async function run(name: CommandName, raw: unknown, data: SocketData, deps: RouterDeps, bucket: TokenBucket, log: Logger): Promise<object> {
  if (!bucket.take()) throw new DomainError('RATE_LIMITED');
  const spec = COMMANDS[name];
  const parsed = spec.payload.safeParse(raw);
  if (!parsed.success) throw new DomainError('BAD_REQUEST', zodMessage(parsed.error));
  const runtime = await deps.hub.require(data.sessionId);
  const viewer = viewerOf(runtime.state, data.personId, data.tokenRole);
  if (!viewer) throw new DomainError('REMOVED');
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
    log,
    cid,
    emit: (audience, event, payload) => deps.emit(data.sessionId, audience, event, payload),
    execute: (decide) => deps.hub.execute(data.sessionId, data.personId, decide, cid),
    get state() {
      return runtime.state;
    },
  };
  const handler = HANDLERS[name] as (c: CommandContext, p: unknown) => Promise<object>;
  // A retry after a lost ack gets the first answer, whatever the command did meanwhile to the state
  // (a second "open" would otherwise be refused as CONFLICT, a second "create" would create twice).
  const ackKey = cid && !(spec as { idempotent?: boolean }).idempotent ? `${data.personId}:${cid}` : null;
  if (ackKey) {
    const remembered = await deps.store.recallAck(data.sessionId, ackKey);
    if (remembered) return JSON.parse(remembered) as object;
  }
  const result = await handler(ctx, parsed.data);
  if (ackKey) await deps.store.rememberAck(data.sessionId, ackKey, JSON.stringify(result), ACK_MEMORY_MS).catch(() => undefined);
  return result;
}
