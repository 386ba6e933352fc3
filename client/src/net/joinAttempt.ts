import { RETRYABLE_CODES, type ErrorCode } from '../../../shared/protocol/errors.js';

const KEY = 'dr:pendingJoin';

interface PendingJoin {
  code: string;
  name: string;
  joinId: string;
}

/** 128 random bits, base64url (getRandomValues works on plain http too, unlike randomUUID). */
function newJoinId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const memoryFallback: { pending: PendingJoin | null } = { pending: null };

function read(): PendingJoin | null {
  try {
    const p = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<PendingJoin> | null;
    return p && typeof p.code === 'string' && typeof p.name === 'string' && typeof p.joinId === 'string' ? (p as PendingJoin) : null;
  } catch {
    return memoryFallback.pending;
  }
}

function write(p: PendingJoin | null): void {
  memoryFallback.pending = p;
  try {
    if (p) localStorage.setItem(KEY, JSON.stringify(p));
    else localStorage.removeItem(KEY);
  } catch {
    /* private mode: kept in memory for this page only */
  }
}

/**
 * The id of this phone's join attempt. A join whose answer never came (slow link, the page reloaded while
 * waiting) may have added the person anyway; tapping Join again with the same code and name sends the same
 * id, and the server answers with that same person instead of adding a second one. A different name is
 * taken as someone else on this device: a new attempt.
 */
export function joinIdFor(code: string, name: string): string {
  const p = read();
  if (p && p.code === code && p.name === name) return p.joinId;
  const joinId = newJoinId();
  write({ code, name, joinId });
  return joinId;
}

/**
 * Called with the join's outcome: the id is forgotten once the server answered for good (joined, or a
 * definite refusal); kept after a network failure or a retryable refusal, for the next tap.
 */
export function settleJoin(outcome: { ok: true } | { ok: false; code: ErrorCode }): void {
  if (!outcome.ok && RETRYABLE_CODES.includes(outcome.code)) return;
  write(null);
}
