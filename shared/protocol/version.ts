/**
 * Wire protocol version. A client sends it in the Socket.IO handshake (`auth.protocol`);
 * the server refuses anything outside [MIN_SUPPORTED_PROTOCOL, PROTOCOL_VERSION] with
 * PROTOCOL_TOO_OLD or PROTOCOL_TOO_NEW, so a stale tab never misbehaves silently.
 */
export const PROTOCOL_VERSION = 2;
/** From this version on a client applies a pushed `session:view`; older ones are sent `session:resync` instead. */
export const VIEW_PUSH_PROTOCOL = 2;
export const MIN_SUPPORTED_PROTOCOL = 1;
