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
/**
 * Phones get the live tally in every fourth window only (once a second), the screens (moderators, observers, the
 * wall) in every window: a hall of 5,000 phones on poor connections does not need four tallies a second, and those
 * were most of a ballot burst's cost (issue 20). Windows are aligned to the clock, so every instance agrees which
 * windows are the phones'.
 */
export const PHONE_EVERY_WINDOWS = 4;

/** The participants' part of a results audience (its rooms, without the screens' roles), and the screens' part. */
export function splitForPhones(audience: Audience): { screens: Audience; phones: Audience } | null {
  if (audience.all || !audience.rooms?.length || !audience.roles?.length || audience.persons?.length || audience.exceptRoles?.length) return null;
  return { screens: { roles: audience.roles }, phones: { rooms: audience.rooms, exceptRoles: audience.roles } };
}

/** Whether the window starting around `now` is one in which phones get the tally too. */
export function isPhoneWindow(now: number): boolean {
  return Math.floor(now / LIVE_WINDOW_MS) % PHONE_EVERY_WINDOWS === 0;
}

type Emit = (audience: Audience, event: ServerEventName, payload: unknown) => void;

interface Entry {
  timer: NodeJS.Timeout | null;
  running: boolean;
  dirty: boolean;
  /** The screens got a tally the phones did not: publish again at the next phone window. */
  phonesBehind: boolean;
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
    if (!e) this.entries.set(key, (e = { timer: null, running: false, dirty: false, phonesBehind: false, emit }));
    e.emit = emit;
    e.dirty = true;
    if (!e.timer && !e.running) this.schedule(key, e, sessionId, pollId);
  }

  private schedule(key: string, e: Entry, sessionId: string, pollId: string) {
    // New ballots: the next window. Only the phones behind: the next phone window.
    const every = e.dirty ? LIVE_WINDOW_MS : LIVE_WINDOW_MS * PHONE_EVERY_WINDOWS;
    const delay = every - (Date.now() % every) + 2;
    e.timer = setTimeout(() => {
      e.timer = null;
      void this.publish(key, e, sessionId, pollId);
    }, delay);
    e.timer.unref();
  }

  private async publish(key: string, e: Entry, sessionId: string, pollId: string) {
    e.running = true;
    try {
      const phones = isPhoneWindow(Date.now());
      const claimed = (await this.store.hit(sessionCounter(sessionId, 'pollpub', pollId), LIVE_WINDOW_MS)) === 1;
      // Whoever claims a phone window publishes to everyone: losing one means the phones got a tally as fresh.
      if (phones) e.phonesBehind = false;
      if (claimed) {
        e.dirty = false;
        const rt = await this.hub.require(sessionId);
        const poll = own(rt.state.polls, pollId);
        // A closed poll's final tally was already sent by the close, to everyone: nothing live to add.
        if (!poll || poll.status !== 'open') e.phonesBehind = false;
        else {
          const results = await computeResults(this.store, rt.state, poll, false);
          // Closed while the ballots were read: the close sends the final tally, a live one now would only trail it.
          if (own(rt.state.polls, pollId)?.status !== 'open') {
            e.phonesBehind = false;
            return;
          }
          const audience = resultsAudience(rt.state, poll);
          const split = phones ? null : splitForPhones(audience);
          e.emit(split ? split.screens : audience, 'poll:results', results);
          if (split) e.phonesBehind = true;
          if (poll.questionnaireId) e.emit(MODERATORS_ONLY, 'poll:progress', await computeProgress(this.store, rt.state, poll.questionnaireId));
        }
      }
    } catch (err) {
      // Whatever failed (the claim, the read, the emit), the ballots seen so far are not published yet.
      e.dirty = true;
      this.log.warn({ err, pollId }, 'live results failed; retrying next window');
    } finally {
      e.running = false;
      if (e.dirty || e.phonesBehind) this.schedule(key, e, sessionId, pollId);
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
