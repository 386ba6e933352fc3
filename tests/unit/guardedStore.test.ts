import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { certainlyNotApplied, guardStore } from '../../server/store/guardedStore.js';
import { MemoryStore } from '../../server/store/memoryStore.js';
import { DomainError } from '../../shared/protocol/errors.js';

const offline = new Error("Stream isn't writeable and enableOfflineQueue options is false");
const timedOut = new Error('Command timed out');
const cut = Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' });
const replyError = Object.assign(new Error('LOADING Redis is loading the dataset in memory'), { name: 'ReplyError' });

describe('[E3] a store failure says what is known about the state', () => {
  it('a write that never left the process, or that Redis refused, is not applied', () => {
    expect(certainlyNotApplied('append', offline)).toBe(true);
    expect(certainlyNotApplied('castBallot', replyError)).toBe(true);
  });

  it('a write sent and not answered (timeout, link cut in flight) has an unknown outcome', () => {
    expect(certainlyNotApplied('append', timedOut)).toBe(false);
    expect(certainlyNotApplied('castBallot', cut)).toBe(false);
    expect(certainlyNotApplied('setPollOpen', timedOut)).toBe(false);
  });

  it('reads and bookkeeping never change a command: not applied, whatever the failure', () => {
    for (const op of ['readLog', 'readBallots', 'recallAck', 'time', 'hit', 'heartbeat']) expect(certainlyNotApplied(op, timedOut)).toBe(true);
  });

  it('the guard turns them into the two retryable codes and lets domain refusals through', async () => {
    const store = new MemoryStore();
    const failing = Object.assign(store, {
      append: async () => {
        throw timedOut;
      },
      readLog: async () => {
        throw timedOut;
      },
      castBallot: async () => {
        throw offline;
      },
      headSeq: async () => {
        throw new DomainError('CONFLICT');
      },
    });
    const guarded = guardStore(failing, pino({ level: 'silent' }));
    const code = (p: Promise<unknown>) => p.then(() => null, (e: DomainError) => e.code);
    expect(await code(guarded.append('s', 0, [], { by: null }))).toBe('OUTCOME_UNKNOWN');
    expect(await code(guarded.readLog('s', 0))).toBe('UNAVAILABLE');
    expect(await code(guarded.castBallot('s', 'p', 'x', '{}'))).toBe('UNAVAILABLE');
    expect(await code(guarded.headSeq('s'))).toBe('CONFLICT');
  });
});
