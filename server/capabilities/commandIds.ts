import { createHash } from 'node:crypto';
import { newId } from '../auth/ids.js';

/**
 * The id of something a command creates (a poll, a chat message, a queue entry…), derived from who sent the
 * command and its command id. A retry of the command (same person, same cid) — even one racing the first
 * attempt on another instance — names the same thing, so its answer never points at an id that does not
 * exist. Without a cid (system commands) the id is random: there is no retry to agree with.
 * `n` tells apart several ids of one command (the polls of a questionnaire).
 */
export function commandScopedId(prefix: string, scope: { sessionId: string; personId: string; cid?: string }, n = 0): string {
  if (!scope.cid) return newId(prefix);
  const digest = createHash('sha256').update(`${scope.sessionId}\n${scope.personId}\n${scope.cid}\n${prefix}\n${n}`).digest('base64url');
  // 12 base64url characters (72 bits), the same length and alphabet as newId's random part.
  return `${prefix}_${digest.slice(0, 12).replace(/[^A-Za-z0-9]/g, 'x')}`;
}
