export interface OutboxEntry {
  cid: string;
  name: string;
  payload: Record<string, unknown>;
  /** Attempts that ended without a definite answer (no ack, or a retryable code): the backoff step. */
  failures: number;
  /**
   * The action could not be answered at once: made while the link was down, queued behind others, retried, or
   * restored after a reload. A definite refusal of such an action is told in the frame, because the person has
   * moved on and the view that made it may be gone.
   */
  waited: boolean;
  done: Promise<unknown>;
  resolve: (v: unknown) => void;
}

type Saved = Pick<OutboxEntry, 'cid' | 'name' | 'payload'> & { failures?: number };

function newCid(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Commands not yet acknowledged, in the order the person made them. Kept in storage so that a vote
 * cast offline survives a reload; each keeps its command id for the whole of its life. Only the first entry is
 * ever in flight (the connection sends `peek()` and waits for its answer), so one person's actions reach the
 * server in the order they were made, across retries and reloads.
 */
export class Outbox {
  private entries: OutboxEntry[] = [];

  constructor(
    private readonly key: string | null,
    private readonly storage: Storage | null,
  ) {
    if (!key || !storage) return;
    try {
      const saved = JSON.parse(storage.getItem(key) ?? '[]') as Saved[];
      // Restored after a reload: it has waited, and it keeps its backoff step so a reload is not a retry storm.
      for (const s of saved) this.push(s.cid, s.name, s.payload, true, Number.isInteger(s.failures) ? s.failures! : 0);
    } catch {
      storage.removeItem(key);
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** A copy, in sending order, for views that list what waits. */
  list(): readonly OutboxEntry[] {
    return [...this.entries];
  }

  add(name: string, payload: Record<string, unknown>, waited: boolean): OutboxEntry {
    const e = this.push(newCid(), name, payload, waited, 0);
    this.save();
    return e;
  }

  private push(cid: string, name: string, payload: Record<string, unknown>, waited: boolean, failures: number): OutboxEntry {
    let resolve!: (v: unknown) => void;
    const done = new Promise((r) => (resolve = r));
    const e: OutboxEntry = { cid, name, payload, failures, waited, done, resolve };
    this.entries.push(e);
    return e;
  }

  peek(): OutboxEntry | undefined {
    return this.entries[0];
  }

  /** An attempt ended without a definite answer: the entry stays, same id, one backoff step further. */
  failed(entry: OutboxEntry) {
    entry.failures++;
    entry.waited = true;
    this.save();
  }

  settle(entry: OutboxEntry, result: unknown) {
    this.entries = this.entries.filter((e) => e !== entry);
    this.save();
    entry.resolve(result);
  }

  /** Empties the outbox, answering every entry with `result` (the person is no longer in the session). */
  settleAll(result: unknown) {
    const all = this.entries;
    this.entries = [];
    this.save();
    for (const e of all) e.resolve(result);
  }

  private save() {
    if (!this.key || !this.storage) return;
    try {
      this.storage.setItem(this.key, JSON.stringify(this.entries.map(({ cid, name, payload, failures }) => ({ cid, name, payload, failures }))));
    } catch {
      // Storage full or blocked: the outbox still works for this page's life.
    }
  }
}
