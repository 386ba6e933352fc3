export interface OutboxEntry {
  cid: string;
  name: string;
  payload: Record<string, unknown>;
  attempts: number;
  done: Promise<unknown>;
  resolve: (v: unknown) => void;
}

function newCid(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Commands not yet acknowledged, in the order the person made them. Kept in storage so that a vote
 * cast offline survives a reload; each keeps its command id for the whole of its life.
 */
export class Outbox {
  private entries: OutboxEntry[] = [];

  constructor(
    private readonly key: string | null,
    private readonly storage: Storage | null,
  ) {
    if (!key || !storage) return;
    try {
      const saved = JSON.parse(storage.getItem(key) ?? '[]') as Array<Pick<OutboxEntry, 'cid' | 'name' | 'payload'>>;
      for (const s of saved) this.push(s.cid, s.name, s.payload);
    } catch {
      storage.removeItem(key);
    }
  }

  get size(): number {
    return this.entries.length;
  }

  add(name: string, payload: Record<string, unknown>): OutboxEntry {
    const e = this.push(newCid(), name, payload);
    this.save();
    return e;
  }

  private push(cid: string, name: string, payload: Record<string, unknown>): OutboxEntry {
    let resolve!: (v: unknown) => void;
    const done = new Promise((r) => (resolve = r));
    const e: OutboxEntry = { cid, name, payload, attempts: 0, done, resolve };
    this.entries.push(e);
    return e;
  }

  peek(): OutboxEntry | undefined {
    return this.entries[0];
  }

  settle(entry: OutboxEntry, result: unknown) {
    this.entries = this.entries.filter((e) => e !== entry);
    this.save();
    entry.resolve(result);
  }

  private save() {
    if (!this.key || !this.storage) return;
    try {
      this.storage.setItem(this.key, JSON.stringify(this.entries.map(({ cid, name, payload }) => ({ cid, name, payload }))));
    } catch {
      // Storage full or blocked: the outbox still works for this page's life.
    }
  }
}
