import { DomainError } from '../../shared/protocol/errors.js';
import type { Store } from '../store/Store.js';

/**
 * Wrong join codes slow the guesser down; they never lock an address out.
 *
 * A hall of a hundred people often shares one public address (NAT), and a guesser may sit behind the same
 * address. So a code is always looked up at once and a RIGHT code is answered at once, whatever that address
 * did before: nobody can keep a hall out by guessing from its network. A WRONG code is answered only after a
 * delay that grows with the wrong codes of that address (10-minute window) and with the wrong codes of the
 * whole cluster (the code space every session shares, 1-minute window); both are counted with `store.hit`,
 * so every instance sees the same counts. Figures: docs/security.md ("Join codes").
 *
 * Trade-off: every request is checked, so a guesser who sends more requests at once than an address may hold
 * is bounded by the instance's throughput, not by the delay. Checking later or refusing unchecked would bound
 * it, and would hold up or refuse the hall's right code with it.
 */
export const WRONG_CODES = {
  addressWindowMs: 10 * 60_000,
  /** Typos are free: the first wrong codes of an address in a window are answered at once. */
  freePerAddress: 10,
  baseDelayMs: 250,
  maxDelayMs: 15_000,
  globalWindowMs: 60_000,
  /** Wrong codes per minute, cluster-wide, that typing mistakes explain; beyond them the delay grows for all. */
  freeGlobal: 300,
  /**
   * Wrong answers one address may have waiting on one instance, and all addresses together: a guesser who
   * does not wait for answers holds that many at most; more are refused at once (each held answer keeps a
   * socket open, and sockets are a finite resource).
   */
  maxHeldPerAddress: 128,
  maxHeldTotal: 1_000,
} as const;

/** The counters' names for `store.hit` (the store prefixes and windows them). */
export const guardCounters = {
  wrongByAddress: (address: string) => `badcode:addr:${address}`,
  wrongInCluster: 'badcode:all',
  joinsByAddress: (address: string) => `join:${address}`,
} as const;

/** Joins per address beyond the per-minute budget wait for their turn, up to this long, before being refused. */
const MAX_JOIN_WAIT_MS = 10_000;
const MINUTE = 60_000;

/**
 * The delay before a wrong code is answered: 0 for the free ones, then doubling from 250 ms up to 15 s per
 * address; cluster-wide, once the minute has more than 300 wrong codes, at least 1 s per 300 of them (the
 * larger of the two counts, same cap).
 * `addressCount` and `globalCount` include the code being answered.
 */
export function wrongCodeDelayMs(addressCount: number, globalCount: number): number {
  const w = WRONG_CODES;
  const over = addressCount - w.freePerAddress;
  const byAddress = over <= 0 ? 0 : w.baseDelayMs * 2 ** Math.min(over - 1, 16);
  const byCluster = globalCount <= w.freeGlobal ? 0 : 1000 * Math.floor(globalCount / w.freeGlobal);
  return Math.min(w.maxDelayMs, Math.max(byAddress, byCluster));
}

export class JoinGuard {
  private readonly held = new Map<string, number>();
  private heldTotal = 0;
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly store: Store,
    private readonly joinsPerMinute: number,
  ) {}

  /**
   * Runs `work` (a lookup by code) at once. When it fails with INVALID_JOIN_CODE, the refusal is
   * answered after the wrong-code delay; any other outcome, a right code above all, goes out unchanged.
   */
  async byCode<T>(address: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof DomainError && err.code === 'INVALID_JOIN_CODE') await this.penalise(address);
      throw err;
    }
  }

  /**
   * Paces people joining from one address: up to JOINS_PER_MINUTE a minute at once; beyond, each waits its
   * turn at that rate (at most 10 s) instead of being refused. Only right codes reach this, so a guesser
   * cannot use up a hall's budget. Beyond the wait, RATE_LIMITED: that address is creating people faster
   * than any hall arrives.
   */
  async paceJoin(address: string): Promise<void> {
    const n = await this.store.hit(guardCounters.joinsByAddress(address), MINUTE);
    const over = n - this.joinsPerMinute;
    if (over <= 0) return;
    const waitMs = (over * MINUTE) / this.joinsPerMinute;
    if (waitMs > MAX_JOIN_WAIT_MS) throw new DomainError('RATE_LIMITED', 'too many people joining from this address; try again in a minute');
    await this.sleep(waitMs);
  }

  /** Answers every waiting request now (a stopping instance does not hold its clients for 15 s). */
  close(): void {
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
  }

  private async penalise(address: string): Promise<void> {
    const w = WRONG_CODES;
    const mine = this.held.get(address) ?? 0;
    if (mine >= w.maxHeldPerAddress || this.heldTotal >= w.maxHeldTotal) {
      throw new DomainError('RATE_LIMITED', 'too many wrong join codes from this address; check the code and try again in a moment');
    }
    // Counted before the first await, so simultaneous guesses see each other.
    this.held.set(address, mine + 1);
    this.heldTotal++;
    try {
      const [byAddress, global] = await Promise.all([this.store.hit(guardCounters.wrongByAddress(address), w.addressWindowMs), this.store.hit(guardCounters.wrongInCluster, w.globalWindowMs)]);
      await this.sleep(wrongCodeDelayMs(byAddress, global));
    } finally {
      const left = (this.held.get(address) ?? 1) - 1;
      if (left > 0) this.held.set(address, left);
      else this.held.delete(address);
      this.heldTotal--;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}
