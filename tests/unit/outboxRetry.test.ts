import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ERROR_CODE_LIST, RETRYABLE_CODES } from '../../shared/protocol/errors.js';
import { OUTBOX_BACKOFF, classifyOutcome, retryDelayMs } from '../../client/src/net/retryPolicy.js';
import { Outbox } from '../../client/src/net/outbox.js';
import { RefusedActions } from '../../client/src/net/refusedActions.js';

/** Local storage as the browser has it, in memory (the outbox's only I/O). */
class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    this.m.set(k, String(v));
  }
}

describe('[OB1] classification of an attempt’s outcome', () => {
  it('an ok ack is delivered; no ack (timeout, socket closed) is retried', () => {
    expect(classifyOutcome({ ok: true })).toEqual({ kind: 'delivered' });
    expect(classifyOutcome(null)).toEqual({ kind: 'retry' });
  });

  it('every code of RETRYABLE_CODES, and only those, is retried; every other code of the catalogue is a definite refusal', () => {
    for (const code of ERROR_CODE_LIST) {
      const out = classifyOutcome({ ok: false, error: { code, message: 'x' } });
      if (RETRYABLE_CODES.includes(code)) expect(out, code).toEqual({ kind: 'retry' });
      else expect(out, code).toEqual({ kind: 'refused', error: { code, message: 'x' } });
    }
  });

  it('a code this client does not know is definite (retrying it forever would block every later action)', () => {
    expect(classifyOutcome({ ok: false, error: { code: 'FROM_A_NEWER_SERVER' as never, message: 'x' } }).kind).toBe('refused');
  });
});

describe('[OB2] backoff between attempts', () => {
  it('doubles from 0.5 s to a 15 s cap, each delay between half and all of its step', () => {
    const low = (n: number) => retryDelayMs(n, () => 0);
    const high = (n: number) => retryDelayMs(n, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(high)).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect([1, 2, 3, 4, 5, 6, 7].map(low)).toEqual([250, 500, 1000, 2000, 4000, 7500, 7500]);
  });

  it('never exceeds the cap nor falls under half a step, for any number of failures (no overflow)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, r) => {
        const d = retryDelayMs(n, () => r);
        const step = Math.min(OUTBOX_BACKOFF.capMs, OUTBOX_BACKOFF.baseMs * 2 ** (n - 1));
        return Number.isFinite(d) && d >= step / 2 && d <= OUTBOX_BACKOFF.capMs;
      }),
    );
  });

  it('a 60 s outage costs a phone about ten attempts, not hundreds', () => {
    let t = 0;
    let attempts = 0;
    while (t < 60_000) t += retryDelayMs(++attempts, () => 0.5);
    expect(attempts).toBeGreaterThanOrEqual(6);
    expect(attempts).toBeLessThanOrEqual(12);
  });
});

describe('[OB3] the outbox in local storage', () => {
  it('keeps the order, the command ids and the backoff step across a reload; restored entries count as having waited', () => {
    const storage = new MemoryStorage();
    const a = new Outbox('dr:outbox:participant', storage);
    const vote = a.add('polls:vote', { pollId: 'p1', ballot: { kind: 'single', choice: 0 } }, false);
    const chat = a.add('chat:send', { roomId: 'plenary', text: 'hello' }, false);
    a.add('queue:raise', { roomId: 'plenary' }, false);
    a.failed(vote);
    a.failed(vote);
    expect(vote).toMatchObject({ failures: 2, waited: true });
    expect(chat.waited).toBe(false);

    const b = new Outbox('dr:outbox:participant', storage);
    expect(b.list().map((e) => [e.name, e.cid, e.failures, e.waited])).toEqual([
      ['polls:vote', vote.cid, 2, true],
      ['chat:send', chat.cid, 0, true],
      ['queue:raise', a.list()[2].cid, 0, true],
    ]);
    expect(b.peek()!.cid).toBe(vote.cid); // the first action is still the next one sent
  });

  it('a settled entry is gone from storage and its promise answers; only the first is ever next', async () => {
    const storage = new MemoryStorage();
    const box = new Outbox('k', storage);
    const first = box.add('chat:send', { text: 'one' }, false);
    const second = box.add('chat:send', { text: 'two' }, false);
    box.settle(first, { ok: true });
    await expect(first.done).resolves.toEqual({ ok: true });
    expect(box.peek()).toBe(second);
    expect(new Outbox('k', storage).list().map((e) => e.cid)).toEqual([second.cid]);
    box.settleAll({ ok: false, error: { code: 'REMOVED', message: 'x' } });
    await expect(second.done).resolves.toMatchObject({ ok: false });
    expect(new Outbox('k', storage).size).toBe(0);
  });

  it('a corrupt saved outbox is dropped instead of breaking the page', () => {
    const storage = new MemoryStorage();
    storage.setItem('k', '{not json');
    expect(new Outbox('k', storage).size).toBe(0);
    expect(storage.getItem('k')).toBeNull();
  });
});

describe('[OB4] refused actions stay until dismissed', () => {
  it('are kept across a reload, once per command id, and leave only when dismissed', () => {
    const storage = new MemoryStorage();
    const r = new RefusedActions('k:refused', storage);
    const entry = { cid: 'c1', name: 'polls:vote', payload: { pollId: 'p1' } };
    r.add(entry, { code: 'POLL_CLOSED', message: 'closed' }, 1);
    r.add(entry, { code: 'POLL_CLOSED', message: 'closed' }, 2);
    const again = new RefusedActions('k:refused', storage);
    expect(again.list()).toEqual([{ ...entry, error: { code: 'POLL_CLOSED', message: 'closed' }, at: 2 }]);
    again.dismiss('c1');
    expect(new RefusedActions('k:refused', storage).list()).toEqual([]);
  });

  it('keep at most the last ten', () => {
    const r = new RefusedActions(null, null);
    for (let i = 0; i < 15; i++) r.add({ cid: `c${i}`, name: 'chat:send', payload: {} }, { code: 'FORBIDDEN', message: 'x' });
    expect(r.list().map((x) => x.cid)).toEqual(Array.from({ length: 10 }, (_, i) => `c${i + 5}`));
  });
});
