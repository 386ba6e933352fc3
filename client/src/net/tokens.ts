/** Where each kind of view keeps its token, so a reload resumes the same person. */
export type ViewKind = 'participant' | 'moderator' | 'observer' | 'projector';

const key = (kind: ViewKind) => `dr:token:${kind}`;

export function saveToken(kind: ViewKind, token: string) {
  try {
    localStorage.setItem(key(kind), token);
  } catch {
    sessionFallback.set(kind, token);
  }
}

const sessionFallback = new Map<ViewKind, string>();

export function loadToken(kind: ViewKind): string | null {
  // A link with #token=… (moderator, projector) wins over a stored token, then is removed from the address bar.
  const hash = new URLSearchParams(location.hash.slice(1));
  const fromLink = hash.get('token');
  if (fromLink) {
    saveToken(kind, fromLink);
    history.replaceState(null, '', location.pathname + location.search);
    return fromLink;
  }
  try {
    return localStorage.getItem(key(kind)) ?? sessionFallback.get(kind) ?? null;
  } catch {
    return sessionFallback.get(kind) ?? null;
  }
}

export function clearToken(kind: ViewKind) {
  try {
    localStorage.removeItem(key(kind));
  } catch {
    sessionFallback.delete(kind);
  }
}

/**
 * After a removal: forget everything the session left on this device (tokens of every view, the "joined as"
 * record behind the join page's "Continue as", saved ballots, outboxes, dismissed messages). Only the language
 * choice, which is the person's and not the session's, stays.
 */
export function forgetSession() {
  sessionFallback.clear();
  for (const store of [safeStorage('localStorage'), safeStorage('sessionStorage')]) {
    if (!store) continue;
    const keys: string[] = [];
    for (let i = 0; i < store.length; i++) {
      const k = store.key(i);
      if (k && k.startsWith('dr:') && k !== 'dr:lang') keys.push(k);
    }
    for (const k of keys) store.removeItem(k);
  }
}

function safeStorage(name: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    return globalThis[name] ?? null;
  } catch {
    return null;
  }
}
