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
