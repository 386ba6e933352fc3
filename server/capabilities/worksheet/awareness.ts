import * as decoding from 'lib0/decoding';
import { fromBase64 } from './yjsUpdates.js';

/** At most this many client states in one awareness update: a phone sends its own (one), rarely a few. */
const MAX_STATES = 8;

/**
 * True when the bytes are a y-protocols awareness update: a count, then per client its id, clock and state
 * (JSON or "null" when it leaves). Checked before relaying, so nobody receives garbage through the server.
 */
export function isValidAwareness(base64: string): boolean {
  try {
    const d = decoding.createDecoder(fromBase64(base64));
    const n = decoding.readVarUint(d);
    if (n < 1 || n > MAX_STATES) return false;
    for (let i = 0; i < n; i++) {
      decoding.readVarUint(d);
      decoding.readVarUint(d);
      const state = JSON.parse(decoding.readVarString(d)) as unknown;
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) return false;
    }
    return !decoding.hasContent(d);
  } catch {
    return false;
  }
}
