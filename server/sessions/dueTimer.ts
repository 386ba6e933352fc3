import type { Logger } from 'pino';
import type { SessionState } from '../../shared/domain/state.js';

/**
 * What a session's state says must happen at a time, as the capabilities define it (`capabilities/dueLoop.ts`):
 * `nextAt` is pure (the earliest store time a task will act at, or null), `run` does what is due at `now`.
 */
export interface DuePlan<Room> {
  nextAt(state: SessionState): number | null;
  run(room: Room, now: number): Promise<void>;
}

/** What the timer needs of the instance: the store's time and the plan (null: no due tasks, no timers). */
export interface DueHost<Room> {
  readonly log: Logger;
  now(): number;
  duePlan(): DuePlan<Room> | null;
}

/** A task still due after it ran (store down, another instance's close not heard yet) is tried again this soon. */
export const DUE_RETRY_MS = 250;
/** setTimeout takes at most a signed 32-bit delay; a later deadline is reached in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * A room's one timer, armed for the earliest deadline in its state. Re-armed by the room after every applied
 * batch; cleared when the room is disposed. Delays are computed from the store's time (`host.now()`), so
 * instances with skewed clocks fire together.
 */
export class DueTimer<Room extends { readonly id: string; readonly state: SessionState }> {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private disposed = false;
  /** The store time the timer is armed for (null: nothing due in the state, no timer). */
  at: number | null = null;

  constructor(
    private readonly room: Room,
    private readonly host: DueHost<Room>,
  ) {}

  get armed(): boolean {
    return this.timer !== null;
  }

  /** Arms (or moves, or clears) the timer for the state's earliest deadline. Cheap when nothing moved. */
  arm(): void {
    if (this.disposed) return;
    const plan = this.host.duePlan();
    const at = plan ? plan.nextAt(this.room.state) : null;
    // A run in progress re-arms when it ends (its own commands are applied meanwhile).
    if (this.running) return;
    if (at === this.at && (this.timer !== null || at === null)) return;
    this.set(at, at === null ? 0 : at - this.host.now());
  }

  /**
   * Fires now if the armed deadline has passed by the store's clock: the safety sweep. setTimeout counts on the
   * process's monotonic clock, so a stepped machine clock or a store clock that was set would otherwise make it late.
   */
  checkLate(): void {
    if (this.timer !== null && this.at !== null && this.host.now() >= this.at) {
      clearTimeout(this.timer);
      this.timer = null;
      void this.fire();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.clear();
  }

  private set(at: number | null, delayMs: number): void {
    this.clear();
    this.at = at;
    if (at === null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.fire();
    }, Math.min(MAX_DELAY_MS, Math.max(0, delayMs)));
    // A timer alone does not keep a process alive: the server's sockets do, and a test's hub must not.
    this.timer.unref();
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async fire(): Promise<void> {
    const plan = this.host.duePlan();
    if (this.disposed || !plan || this.running) return;
    this.running = true;
    const ranAt = this.host.now();
    try {
      await plan.run(this.room, ranAt);
    } catch (err) {
      this.host.log.warn({ err: String(err), sessionId: this.room.id }, 'due tasks failed');
    } finally {
      this.running = false;
    }
    // Disposed, or the plan removed (the server stopping) while the tasks ran: arm nothing more.
    const current = this.host.duePlan();
    if (this.disposed || !current) return this.set(null, 0);
    const next = current.nextAt(this.room.state);
    // Due when the tasks ran and still there: try again shortly (what the old 250 ms tick did), not in a tight
    // loop. One that came due only during the run (a timer may fire a millisecond early) is armed at its time.
    if (next !== null && next <= ranAt) this.set(next, DUE_RETRY_MS);
    else this.set(next, next === null ? 0 : next - this.host.now());
  }
}
