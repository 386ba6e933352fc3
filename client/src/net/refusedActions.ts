import type { WireError } from '../../../shared/protocol/errors.js';

export interface RefusedAction {
  cid: string;
  name: string;
  payload: Record<string, unknown>;
  error: WireError;
  /** Client time of the refusal (ms). */
  at: number;
}

/** More would fill a phone's screen and the storage; the oldest go first. */
const MAX_KEPT = 10;

/**
 * Actions the server definitely refused after they had waited in the outbox. They stay (in storage too, so a
 * reload does not hide them) until the person dismisses each one: a message that vanished by itself would be
 * missed by someone who had put the phone down during the outage.
 */
export class RefusedActions {
  private items: RefusedAction[] = [];

  constructor(
    private readonly key: string | null,
    private readonly storage: Storage | null,
  ) {
    if (!key || !storage) return;
    try {
      const saved = JSON.parse(storage.getItem(key) ?? '[]') as RefusedAction[];
      if (Array.isArray(saved)) this.items = saved.filter((r) => r && typeof r.cid === 'string' && typeof r.name === 'string' && r.error && typeof r.error.code === 'string');
    } catch {
      storage.removeItem(key);
    }
  }

  list(): readonly RefusedAction[] {
    return this.items;
  }

  add(entry: { cid: string; name: string; payload: Record<string, unknown> }, error: WireError, at = Date.now()) {
    this.items = [...this.items.filter((r) => r.cid !== entry.cid), { cid: entry.cid, name: entry.name, payload: entry.payload, error, at }].slice(-MAX_KEPT);
    this.save();
  }

  dismiss(cid: string) {
    this.items = this.items.filter((r) => r.cid !== cid);
    this.save();
  }

  private save() {
    if (!this.key || !this.storage) return;
    try {
      if (this.items.length) this.storage.setItem(this.key, JSON.stringify(this.items));
      else this.storage.removeItem(this.key);
    } catch {
      // Storage full or blocked: the notices still show for this page's life.
    }
  }
}
