import { useEffect, useState } from 'react';

/**
 * Screen-reader announcements for moments a person must not miss ("a new poll is open",
 * "you have the floor"). Any feature calls `announce(text)`; the one <Announcer/> mounted by
 * SessionFrame (and the join page) speaks it through an aria-live region. A module-level channel
 * rather than a React context, so features can announce from event listeners outside render.
 */
type Politeness = 'polite' | 'assertive';
type Listener = (text: string, politeness: Politeness) => void;
const listeners = new Set<Listener>();

/** Speaks `text` to screen readers. 'assertive' interrupts: use it only for "you have the floor"-like moments. */
export function announce(text: string, politeness: Politeness = 'polite'): void {
  for (const l of listeners) l(text, politeness);
}

export function Announcer() {
  const [msg, setMsg] = useState<{ polite: string; assertive: string }>({ polite: '', assertive: '' });
  useEffect(() => {
    // One timer per region: an assertive message ("you have the floor") right after a polite one ("new poll")
    // must not cancel the polite one.
    const timers: Record<Politeness, ReturnType<typeof setTimeout> | undefined> = { polite: undefined, assertive: undefined };
    const l: Listener = (text, politeness) => {
      // Empty first, then set: a repeated identical message is announced again.
      setMsg((m) => ({ ...m, [politeness]: '' }));
      clearTimeout(timers[politeness]);
      timers[politeness] = setTimeout(() => setMsg((m) => ({ ...m, [politeness]: text })), 50);
    };
    listeners.add(l);
    return () => {
      clearTimeout(timers.polite);
      clearTimeout(timers.assertive);
      listeners.delete(l);
    };
  }, []);
  return (
    <div className="visually-hidden">
      <div role="status" aria-live="polite" aria-atomic="true" data-testid="announcer-polite">
        {msg.polite}
      </div>
      <div role="alert" aria-live="assertive" aria-atomic="true" data-testid="announcer-assertive">
        {msg.assertive}
      </div>
    </div>
  );
}
