import type { ViewerRole } from '../../shared/protocol/primitives.js';
import type { TokenBucket } from './tokenBucket.js';

/** What the handshake establishes for a socket; stored in `socket.data`. */
export interface SocketData {
  sessionId: string;
  personId: string;
  tokenRole: ViewerRole;
  /** Key generation of the token; raised for the connection that re-issued links (it got a new token). */
  tokenGen: number;
  /** When the token stops working (ms since epoch). */
  tokenExp: number;
  address: string;
  /** The protocol version the client announced in its handshake (older ones are sent `session:resync`). */
  protocol: number;
  /** The socket's command rate limit, made at its first command (commandRouter.ts). */
  bucket?: TokenBucket;
  /** What the socket's person may see (role, rooms, support), to notice when it changes. */
  viewKey?: string;
  /** The seq of the last log event this instance emitted to the socket (see liveStream.ts). */
  lastSent?: number;
  /** Rooms the socket's view left, with the seq at which it stopped seeing them (see roomHistory.ts). */
  leftRooms?: Map<string, number>;
  /** The rooms of the socket's current view. */
  viewRooms?: string[];
}
