import type { z } from 'zod';
import { DomainError, type WireError } from '../../shared/protocol/errors.js';

/** Turns anything thrown by a handler into a wire error; unexpected errors never leak details. */
export function toWireError(err: unknown): WireError {
  if (err instanceof DomainError) return { code: err.code, message: err.message };
  return { code: 'INTERNAL', message: 'unexpected server error' };
}

export function zodMessage(error: z.ZodError): string {
  const text = error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`)
    .join('; ');
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
