import { createHash } from 'node:crypto';

/** Layout of the embedded store's data directory (DATA_DIR). */
export const SESSIONS_DIR = 'sessions';
export const CODES_FILE = 'codes.jsonl';

const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * The journal file of a session. Server-made ids (`s_…`) are used as they are, so an operator can find a
 * session's file; any other id is hashed (never a path from an id: no `..`, no separators, no over-long
 * names). The file's first record names the session, so the name never needs to be decoded.
 */
export function sessionFileName(sessionId: string): string {
  if (SAFE_ID.test(sessionId)) return `${sessionId}.jsonl`;
  return `~${createHash('sha256').update(sessionId).digest('hex')}.jsonl`;
}
