/**
 * The closed catalogue of error codes. Every refusal on the wire (ack, HTTP error body,
 * handshake `connect_error.data`) carries one of these. docs/protocol.md lists each of them;
 * tests/unit/protocolDoc.test.ts fails when the two disagree.
 */
export const ERROR_CODES = {
  BAD_REQUEST: 'The payload failed its schema (wrong type, missing or unknown field, too long).',
  UNKNOWN_EVENT: 'The event name is not in the protocol registry.',
  UNAUTHENTICATED: 'No token, or a token whose signature or content is invalid.',
  FORBIDDEN: "The sender's role or room does not allow this command.",
  REMOVED: 'The person was removed from the session by a moderator; the token no longer works.',
  TOKEN_EXPIRED: 'The link or token is past its expiry (end of the session day plus a margin); ask a moderator for a new link, or join again.',
  TOKEN_REVOKED: 'The link or token belongs to an older key generation: moderators re-issued the links. Ask them for the new one.',
  JOINING_CLOSED: 'Moderators closed joining for this session; people already in stay.',
  OBSERVER_CAP_REACHED: "The session already admitted as many observers as its cap allows (moderators can raise it).",
  PROTOCOL_TOO_OLD: 'The client speaks an older protocol than the server supports: reload the page.',
  PROTOCOL_TOO_NEW: 'The client speaks a newer protocol than this server: the server is being updated.',
  SESSION_NOT_FOUND: 'No session with that id exists.',
  INVALID_JOIN_CODE: 'No session has that join code.',
  NOT_FOUND: 'The person, room, poll or item named in the payload does not exist.',
  CONFLICT: 'The command does not fit the current state (e.g. already closed, already done).',
  RATE_LIMITED: 'Too many requests in a short time; try again in a moment.',
  PAYLOAD_TOO_LARGE: 'The message is larger than the server accepts.',
  DUPLICATE_NAME: 'Someone is already waiting in this queue under that name; confirm that it is a second person to add them anyway.',
  INVALID_BALLOT: 'The ballot does not fit the poll (unknown option, too many choices, out of range).',
  POLL_CLOSED: 'The poll is not open for ballots.',
  QUESTION_NOT_SHOWN: "A conditional question of a questionnaire that this person is not shown: their answer to the earlier question it depends on was none of the options that show it.",
  UNAVAILABLE: 'Not applied: the command never reached the store (offline, connection refused) or was dropped before it ran. Retry with the same cid (retryable).',
  OUTCOME_UNKNOWN: 'Outcome unknown: the write was sent to the store but not answered in time; it may or may not be recorded. Retrying with the same cid is safe: it is applied at most once (retryable).',
  INTERNAL: 'An unexpected server error; nothing is guaranteed to have been recorded.',
  WORKSHEET_LOCKED: "The room's worksheet is locked by its facilitator or a moderator: it is read-only until unlocked.",
  WORKSHEET_TOO_LARGE: 'The worksheet would grow past its maximum size (200 KB of encoded Yjs document); shorten some text first.',
  INVALID_TEMPLATE: 'The session template is not one this server reads (wrong kind or version, a field out of its limits, a questionnaire naming a poll the template lacks); the message names the field.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

/** Codes after which the same command may simply be sent again. */
export const RETRYABLE_CODES: readonly ErrorCode[] = ['UNAVAILABLE', 'OUTCOME_UNKNOWN', 'RATE_LIMITED', 'INTERNAL'];

export interface WireError {
  code: ErrorCode;
  message: string;
}

/** Thrown by server logic; the transport turns it into `{ ok: false, error }`. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
  ) {
    super(message ?? ERROR_CODES[code]);
    this.name = 'DomainError';
  }
}
