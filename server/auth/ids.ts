import { randomBytes, randomInt } from 'node:crypto';

/**
 * Join-code alphabet without look-alikes (no 0/O, 1/I/L), so a code read off a projector is typed right.
 * 8 characters from 31 give 31^8 ≈ 8.5e11 codes; with join attempts rate-limited per address,
 * guessing a live code takes far longer than a dialogue day.
 */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 8;

export function newJoinCode(): string {
  let s = '';
  for (let i = 0; i < JOIN_CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x')}`;
}
