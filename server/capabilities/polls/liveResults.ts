import type { Logger } from 'pino';
import type { Audience } from '../../../shared/domain/audience.js';
import type { ServerEventName } from '../../../shared/protocol/registry.js';
import type { SessionHub } from '../../sessions/SessionHub.js';
import type { Store } from '../../store/Store.js';
import { computeProgress, computeResults } from './results.js';
import { MODERATORS_ONLY, resultsAudience } from './rules.js';
import { own } from '../../../shared/domain/keyed.js';
import { sessionCounter } from '../../store/keys.js';

/** Publishing window per poll, cluster-wide: at most one live message per window (4 per second). */
export const LIVE_WINDOW_MS = 250;

type Emit = (audience: Audience, event: ServerEventName, payload: unknown) => void;

interface Entry {
  timer: NodeJS.Timeout | null;
  running: boolean;
  dirty: boolean;
  emit: Emit;
}

/**
 * Throttled live results. The instance that accepted a ballot marks its poll dirty; at the next window
 * boundary it claims the window cluster-wide (a fixed-window counter in the store: the first claimer wins)
 * and publishes a tally recomputed from the store. An instance that lost the claim stays dirty and tries the
 * next window, so the trailing update after a burst is always sent and reflects every acked ballot.
 */
export class LiveResults {
  private entries = new Map<string, Entry>();

  constructor(
    private readonly hub: SessionHub,
    private readonly store: Store,
    private readonly log: Logger,
  ) {}

  markDirty(sessionId: string, pollId: string, emit: Emit): void {
    const key = `${sessionId}\u0000${pollId}`;
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = { timer: null, running: false, dirty: false, emit }));
    e.emit = emit;
    e.dirty = true;
    if (!e.timer && !e.running) this.schedule(key, e, sessionId, pollId);
  }

  private schedule(key: string, e: Entry, sessionId: string, pollId: string) {
    const delay = LIVE_WINDOW_MS - (Date.now() % LIVE_WINDOW_MS) + 2;
    e.timer = setTimeout(() => {
      e.timer = null;
      void this.publish(key, e, sessionId, pollId);
    }, delay);
    e.timer.unref();
  }

  private async publish(key: string, e: Entry, sessionId: string, pollId: string) {
    e.running = true;
    try {
      const claimed = (await this.store.hit(sessionCounter(sessionId, 'pollpub', pollId), LIVE_WINDOW_MS)) === 1;
      if (claimed) {
        e.dirty = false;
        const rt = await this.hub.require(sessionId);
        const poll = own(rt.state.polls, pollId);
        // A closed poll's final tally was already sent by the close; nothing live to add.
        if (poll && poll.status === 'open') {
          const results = await computeResults(this.store, rt.state, poll, false);
          // Closed while the ballots were read: the close sends the final tally, a live one now would only trail it.
          if (own(rt.state.polls, pollId)?.status !== 'open') return;
          e.emit(resultsAudience(rt.state, poll), 'poll:results', results);
          if (poll.questionnaireId) e.emit(MODERATORS_ONLY, 'poll:progress', await computeProgress(this.store, rt.state, poll.questionnaireId));
        }
      }
    } catch (err) {
      // Whatever failed (the claim, the read, the emit), the ballots seen so far are not published yet.
      e.dirty = true;
      this.log.warn({ err, pollId }, 'live results failed; retrying next window');
    } finally {
      e.running = false;
      if (e.dirty) this.schedule(key, e, sessionId, pollId);
      else this.entries.delete(key);
    }
  }

  stop() {
    for (const e of this.entries.values()) if (e.timer) clearTimeout(e.timer);
    this.entries.clear();
  }
}

const BY_HUB = new WeakMap<SessionHub, LiveResults>();

/** One publisher per server instance (tests run several instances in one process, each with its own hub). */
export function liveResultsFor(hub: SessionHub, store: Store, log: Logger): LiveResults {
  let l = BY_HUB.get(hub);
  if (!l) BY_HUB.set(hub, (l = new LiveResults(hub, store, log)));
  return l;
}
