import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { applyEvent } from '../../shared/domain/apply.js';
import type { NewEvent, StoredEvent } from '../../shared/domain/eventTypes.js';
import type { SessionState } from '../../shared/domain/state.js';
import { DomainError } from '../../shared/protocol/errors.js';
import type { Store } from '../store/Store.js';
import type { SerialQueue } from './SerialQueue.js';
import { assertValidEvents } from './sessionLoad.js';
import { detached, speculativeState } from './speculation.js';

const MAX_CONFLICT_RETRIES = 200;
/** At most this many commands go into one group commit (bounds one script call's size and the speculative work). */
export const MAX_BATCH = 200;

/**
 * Decides the events of a command from the current state; throws DomainError to refuse. It runs inside the
 * session's queue, so every input it reads (state, and store reads such as ballots for a tally) is fresh:
 * after a conflict it runs again on the caught-up state. Besides its events it may only make idempotent
 * writes (closing a poll's ballot flag), as it can run more than once.
 */
export type Decide = (state: SessionState) => NewEvent[] | Promise<NewEvent[]>;

export interface ExecuteOptions {
  /**
   * performance.now() after which the sender has given up waiting (its ack timeout passed): the command is
   * dropped unrun with UNAVAILABLE, so the retry with the same cid takes its place instead of queueing twice.
   */
  deadline?: number;
}

/** What the writer needs of its room: the state, its turn, and the steps that keep it equal to the log. */
export interface CommitRoom {
  readonly id: string;
  readonly state: SessionState;
  readonly queue: SerialQueue;
  priorRun(commandId: string): StoredEvent[] | null;
  /** The next three run inside the room's queue. */
  applyLocked(events: StoredEvent[]): void;
  catchUpLocked(): Promise<void>;
  maybeSnapshot(): void;
}

/** What the writer needs of the instance. */
export interface CommitHost {
  readonly store: Store;
  readonly log: Logger;
  readonly writerId: string;
  readonly maxBatch: number;
  now(): number;
  appended(sessionId: string, events: StoredEvent[]): void;
}

interface PendingCommand {
  by: string | null;
  decide: Decide;
  cid?: string;
  commandId: string;
  turn: { started: boolean; expired: boolean };
  deadline?: number;
  settled: boolean;
  resolve: (events: StoredEvent[]) => void;
  reject: (err: unknown) => void;
}

/**
 * A room's writer. Group commit: the commands waiting when the session's queue comes free are decided one after
 * the other (each on the state the previous ones' events lead to) and appended in one store call. One queue turn
 * at a time drains them, so commands that arrive together cost one round trip to the store, not one each.
 */
export class GroupCommit {
  private readonly pending: PendingCommand[] = [];
  private committing = false;

  constructor(
    private readonly room: CommitRoom,
    private readonly host: CommitHost,
  ) {}

  /** A command waits or commits: the room must not be unloaded (it would lose the command's turn). */
  get busy(): boolean {
    return this.committing || this.pending.length > 0;
  }

  /** See SessionHub.execute. */
  execute(by: string | null, decide: Decide, cid?: string, opts: ExecuteOptions = {}): Promise<StoredEvent[]> {
    // A command id per execution, even without a client one: if ioredis re-sends our append after a
    // reconnect, the store recognises it instead of appending twice.
    const commandId = cid ? `${by ?? 'sys'}:${cid}` : `auto:${randomUUID()}`;
    const turn = { started: false, expired: false };
    const queued = new Promise<StoredEvent[]>((resolve, reject) => {
      const cmd: PendingCommand = {
        by, decide, cid, commandId, turn, deadline: opts.deadline, settled: false,
        resolve: (events) => { cmd.settled = true; resolve(events); },
        reject: (err) => { cmd.settled = true; reject(err); },
      };
      this.pending.push(cmd);
      this.schedule();
    });
    if (opts.deadline === undefined) return queued;
    // Answered at the deadline even while an earlier command still holds the queue (its append waiting on a
    // frozen store): the command is then marked so that it does nothing when its turn comes. One that has
    // started is past deciding and is answered with its real outcome.
    return new Promise<StoredEvent[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (turn.started) return;
        turn.expired = true;
        const prior = cid ? this.room.priorRun(commandId) : null;
        if (prior) resolve(prior);
        else reject(expiredError());
      }, Math.max(0, opts.deadline! - performance.now()));
      queued.then(
        (events) => {
          clearTimeout(timer);
          resolve(events);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  }

  private schedule(): void {
    if (this.committing) return;
    this.committing = true;
    const rt = this.room;
    void rt.queue
      .run(async () => {
        while (this.pending.length) {
          const batch = this.pending.splice(0, this.host.maxBatch);
          try {
            await this.commitBatch(batch);
          } catch (err) {
            // A catch-up that failed (store down): whatever is not answered yet is answered with that failure.
            for (const p of batch) if (!p.settled) p.reject(err);
          }
        }
      })
      .catch((err) => this.host.log.error({ err, sessionId: rt.id }, 'group commit failed'))
      .finally(() => {
        this.committing = false;
        if (this.pending.length) this.schedule();
      });
  }

  private async commitBatch(batch: PendingCommand[]): Promise<void> {
    const rt = this.room;
    let todo = batch;
    // Refusals of commands with a client id, answered after a catch-up: the refusal may come from a state that
    // lacks this command's own first run, appended through another instance.
    const refused: Array<{ p: PendingCommand; err: unknown }> = [];
    let firstRound = true;
    for (let attempt = 0; todo.length > 0; attempt++) {
      if (attempt >= MAX_CONFLICT_RETRIES) {
        for (const p of todo) p.reject(new DomainError('UNAVAILABLE', 'not applied: too much contention on this session; retry'));
        break;
      }
      const decided: Array<{ p: PendingCommand; events: NewEvent[] }> = [];
      // Later commands of the batch decide on a copy-on-write draft with the earlier ones' events (never on the real state:
      // the append may still be refused).
      let work: SessionState = rt.state;
      for (const [i, p] of todo.entries()) {
        p.turn.started = true;
        if (p.cid) {
          const prior = rt.priorRun(p.commandId);
          if (prior) {
            p.resolve(prior);
            continue;
          }
        }
        if (p.turn.expired || (p.deadline !== undefined && performance.now() > p.deadline)) {
          p.reject(expiredError());
          continue;
        }
        let events: NewEvent[];
        try {
          events = await p.decide(work);
          if (work !== rt.state) events = detached(events);
          if (events.length) assertValidEvents(this.host.log, rt.id, events);
        } catch (err) {
          if (p.cid && firstRound && err instanceof DomainError && err.code !== 'INTERNAL') refused.push({ p, err });
          else p.reject(err);
          continue;
        }
        if (events.length === 0) {
          p.resolve([]);
          continue;
        }
        decided.push({ p, events });
        if (i < todo.length - 1) {
          if (work === rt.state) work = speculativeState(rt.state);
          let seq = work.seq;
          const at = this.host.now();
          for (const e of events) applyEvent(work, { ...e, seq: ++seq, at, by: p.by });
        }
      }
      firstRound = false;
      if (!decided.length) break;
      const res = await this.host.store
        .appendBatch(rt.id, rt.state.seq, decided.map(({ p, events }) => ({ events, by: p.by, cid: p.commandId })), { writer: this.host.writerId, at: this.host.now() })
        .catch((err: unknown) => {
          for (const { p } of decided) p.reject(err);
          return null;
        });
      if (!res) break;
      if (!res.ok) {
        // Another writer appended first, or has the turn: catch up (after a short pause for a turn) and decide again.
        if (res.reason === 'busy') await new Promise((r) => setTimeout(r, 2 + Math.random() * 6));
        await rt.catchUpLocked();
        todo = decided.map((d) => d.p);
        continue;
      }
      let duplicate = false;
      for (const [i, r] of res.results.entries()) {
        const { p } = decided[i];
        if (r.duplicate) {
          duplicate = true;
          p.resolve(r.events);
          continue;
        }
        rt.applyLocked(r.events);
        this.host.appended(rt.id, r.events);
        p.resolve(r.events);
      }
      rt.maybeSnapshot();
      todo = decided.slice(res.results.length).map((d) => d.p);
      if (duplicate && todo.length) await rt.catchUpLocked();
      else if (duplicate) await rt.catchUpLocked().catch(() => {});
    }
    if (refused.length) {
      const caughtUp = await rt.catchUpLocked().then(() => true, () => false);
      for (const { p, err } of refused) {
        const prior = caughtUp ? rt.priorRun(p.commandId) : null;
        if (prior) p.resolve(prior);
        else p.reject(err);
      }
    }
  }
}

function expiredError(): DomainError {
  return new DomainError('UNAVAILABLE', 'not applied: the command waited longer than its sender waits for an answer; retry with the same cid');
}
