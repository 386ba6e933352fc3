/**
 * The two systems under test, seen from the load generator through one small interface: Dialogue Room
 * (its real HTTP API and Socket.IO protocol, as the web client uses them) and the raw Socket.IO baseline
 * (`bench/baseline/server.ts`). Every scenario is written once against this interface.
 */
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';

export interface Client {
  socket: Socket;
  /** Bytes of the first snapshot this client received (JSON length). */
  snapshotBytes: number;
  /** session:sync round trips this client made after its first one, because of a seq gap (product only). */
  gapSyncs: number;
  /** session:resync and session:view (a pushed snapshot) the server sent this client on a view change (product only). */
  resyncs: number;
}

const ACK_MS = 30_000;

/** true, or why not (the error code of a refusal, or a timeout). */
export type Ack = true | string;

/** Sends and waits for the ack; never throws. */
export async function ask(socket: Socket, name: string, payload: unknown): Promise<Ack> {
  try {
    const r = await socket.timeout(ACK_MS).emitWithAck(name, payload);
    return r?.ok === true ? true : String(r?.error?.code ?? 'REFUSED');
  } catch (err) {
    return String((err as Error)?.message ?? err).slice(0, 40);
  }
}

export interface Side {
  name: 'product' | 'baseline';
  /** Creates the session and its moderator (on the first instance). */
  setup(): Promise<void>;
  /** HTTP join + socket connect + first snapshot. `group` only for the baseline (the product assigns groups itself). */
  join(i: number, url: string, opts?: { observer?: boolean; group?: number }): Promise<Client>;
  /** Sends a plenary broadcast from the moderator (resolves on its ack). */
  broadcast(text: string): Promise<Ack>;
  onBroadcast(c: Client, cb: (text: string) => void): void;
  /**
   * Opens a poll. `liveToPhones` (product only): participants see the live tally (once a second), which the
   * baseline never sends them; false opens it with results after closing, so both sides do the same work.
   */
  openPoll(options: number, liveToPhones?: boolean): Promise<string>;
  vote(c: Client, poll: string, choice: number): Promise<Ack>;
  onTally(c: Client, cb: (n: number, counts: number[]) => void): void;
  /** Puts the joined participants into `groups` breakout groups and opens them. */
  openBreakouts(groups: number): Promise<void>;
  chat(c: Client, text: string): Promise<Ack>;
  onChat(c: Client, cb: (text: string) => void): void;
  closeAll(): void;
}

const json = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return (await res.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
};

function connect(url: string, auth: object): Socket {
  return io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 30_000 });
}


export function productSide(urls: string[], organiserKey: string): Side {
  const sockets: Socket[] = [];
  let session: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  let moderator: Client;

  async function open(url: string, token: string): Promise<Client> {
    const socket = connect(url, { token, protocol: PROTOCOL_VERSION });
    sockets.push(socket);
    const c: Client = { socket, snapshotBytes: 0, gapSyncs: 0, resyncs: 0 };
    let seq = -1;
    let syncing = true;
    // The web client's gap rule (client/src/net/connection.ts onEvent): a jump in seq on a live connection
    // costs a session:sync round trip. Counted here, and made, so the server pays what a phone makes it pay.
    socket.on('session:event', (e: { seq: number; prev?: number }) => {
      if (syncing) return;
      // As the web client: a jump is a gap only when the server says it sent something not yet applied (`prev`).
      if (e.seq > seq + 1 && (e.prev === undefined || e.prev > seq)) {
        c.gapSyncs++;
        syncing = true;
        void socket
          .timeout(ACK_MS)
          .emitWithAck('session:sync', { sinceSeq: seq })
          .then((r: any) => (seq = Math.max(seq, e.seq, r?.replay?.events?.at?.(-1)?.seq ?? r?.replay?.state?.seq ?? -1))) // eslint-disable-line @typescript-eslint/no-explicit-any
          .catch(() => undefined)
          .finally(() => (syncing = false));
        return;
      }
      seq = Math.max(seq, e.seq);
    });
    socket.on('session:resync', () => c.resyncs++);
    // A pushed view is applied as a sync reply: the client's seq moves to the snapshot's.
    socket.on('session:view', (v: { seq: number }) => {
      c.resyncs++;
      seq = Math.max(seq, v.seq);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const r = await socket.timeout(ACK_MS).emitWithAck('session:sync', { sinceSeq: null });
    if (!r?.ok) throw new Error(`sync refused: ${JSON.stringify(r).slice(0, 200)}`);
    c.snapshotBytes = JSON.stringify(r).length;
    seq = r.replay.kind === 'snapshot' ? r.replay.state.seq : (r.replay.events.at(-1)?.seq ?? -1);
    syncing = false;
    return c;
  }

  const command = async (name: string, payload: unknown) => {
    const r = await moderator.socket.timeout(ACK_MS).emitWithAck(name, payload);
    if (!r?.ok) throw new Error(`${name} refused: ${JSON.stringify(r).slice(0, 300)}`);
    return r;
  };

  return {
    name: 'product',
    async setup() {
      session = await json(`${urls[0]}/api/sessions`, { title: 'Scale bench', languages: ['en'], agenda: [{ title: 'Plenary', minutes: 60 }] }, { 'x-organiser-key': organiserKey });
      if (!session.joinCode) throw new Error(`create session: ${JSON.stringify(session)}`);
      moderator = await open(urls[0], session.onsiteModeratorToken);
    },
    async join(i, url, opts = {}) {
      if (opts.observer) {
        const invite = new URL(session.observerUrl).hash.replace('#invite=', '');
        const o = await json(`${url}/api/invite`, { invite, name: `Observer ${i}` });
        if (!o.token) throw new Error(`observer invite: ${JSON.stringify(o)}`);
        return open(url, o.token);
      }
      const j = await json(`${url}/api/join`, { code: session.joinCode, name: `Person ${i}`, modality: i % 3 ? 'online' : 'onsite' });
      if (!j.ok) throw new Error(`join: ${JSON.stringify(j).slice(0, 200)}`);
      return open(url, j.token);
    },
    broadcast(text) {
      return ask(moderator.socket, 'rooms:broadcast', { text });
    },
    onBroadcast(c, cb) {
      c.socket.on('session:event', (e: { type: string; data: { text: string } }) => e.type === 'rooms:broadcast' && cb(e.data.text));
    },
    async openPoll(options, liveToPhones = true) {
      const resultsVisibility = liveToPhones ? 'live' : 'afterClose';
      const created = await command('polls:create', { poll: { kind: 'single', question: 'Bench', resultsVisibility, options: Array.from({ length: options }, (_, k) => `Option ${k}`) } });
      await command('polls:open', { pollId: created.pollId });
      return created.pollId as string;
    },
    vote(c, poll, choice) {
      return ask(c.socket, 'polls:vote', { pollId: poll, ballot: { choices: [choice] } });
    },
    onTally(c, cb) {
      c.socket.on('poll:results', (r: { overall: { n: number; counts: number[] } }) => cb(r.overall.n, r.overall.counts));
    },
    async openBreakouts(groups) {
      await command('rooms:autoAssign', { mode: 'balanced', groups });
      await command('rooms:open', { countdownSeconds: 0, minutes: 0 });
    },
    chat(c, text) {
      return ask(c.socket, 'chat:send', { text });
    },
    onChat(c, cb) {
      c.socket.on('session:event', (e: { type: string; data: { message: { text: string } } }) => e.type === 'chat:posted' && cb(e.data.message.text));
    },
    closeAll() {
      for (const s of sockets) s.disconnect();
    },
  };
}

export function baselineSide(urls: string[]): Side {
  const sockets: Socket[] = [];
  // Several sides may be made in one millisecond (the sessions scenario): the id must still be unique.
  const sessionId = `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  let moderator: Client;

  async function open(url: string, body: object): Promise<Client> {
    const j = await json(`${url}/api/join`, { session: sessionId, ...body });
    const socket = connect(url, { token: j.token });
    sockets.push(socket);
    const c: Client = { socket, snapshotBytes: 0, gapSyncs: 0, resyncs: 0 };
    await new Promise<void>((resolve, reject) => {
      socket.once('snapshot', (s: unknown) => {
        c.snapshotBytes = JSON.stringify(s).length;
        resolve();
      });
      socket.once('connect_error', reject);
    });
    return c;
  }

  return {
    name: 'baseline',
    async setup() {
      moderator = await open(urls[0], { role: 'moderator' });
    },
    join(_i, url, opts = {}) {
      return open(url, { role: opts.observer ? 'observer' : 'participant', room: opts.group === undefined ? null : `g${opts.group}` });
    },
    broadcast(text) {
      return ask(moderator.socket, 'broadcast', { text });
    },
    onBroadcast(c, cb) {
      c.socket.on('broadcast', (m: { text: string }) => cb(m.text));
    },
    async openPoll() {
      const poll = `p${Date.now().toString(36)}`;
      await moderator.socket.timeout(ACK_MS).emitWithAck('openPoll', { poll });
      return poll;
    },
    vote(c, poll, choice) {
      return ask(c.socket, 'vote', { poll, choice });
    },
    onTally(c, cb) {
      c.socket.on('tally', (t: { n: number; counts: number[] }) => cb(t.n, t.counts));
    },
    async openBreakouts() {
      // Groups are given at join (no application logic to move people): nothing to do.
    },
    chat(c, text) {
      return ask(c.socket, 'chat', { text });
    },
    onChat(c, cb) {
      c.socket.on('chat', (m: { text: string }) => cb(m.text));
    },
    closeAll() {
      for (const s of sockets) s.disconnect();
    },
  };
}
