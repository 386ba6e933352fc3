import { z } from 'zod';
import { isPrototypeName } from '../domain/keyed.js';

/** Bounds shared by every schema, so that no field accepts an unbounded string. */
export const LIMITS = {
  idLength: 64,
  nameLength: 60,
  labelLength: 40,
  titleLength: 200,
  reasonLength: 300,
  chatLength: 500,
  commandIdLength: 64,
} as const;

/**
 * An id named by a client. Names of `Object.prototype` members (`__proto__`, `constructor`, `toString`...) are
 * no ids: state is keyed by ids, and such a key would reach the prototype of any plain object it indexes.
 */
export const Id = z
  .string()
  .min(1)
  .max(LIMITS.idLength)
  .regex(/^[A-Za-z0-9_-]+$/, 'id characters')
  .refine((s) => !isPrototypeName(s), 'not an id: the name of an Object.prototype member');
export const DisplayName = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.nameLength)
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'no control characters');
export const Label = z.string().trim().min(1).max(LIMITS.labelLength);
export const Modality = z.enum(['onsite', 'online']);
export const Role = z.enum(['moderator', 'facilitator', 'participant', 'observer']);
/** Viewers are roles plus the projector, which sees but is no person in the roster. */
export const ViewerRole = z.enum(['moderator', 'facilitator', 'participant', 'observer', 'projector']);
export const LanguageCode = z.string().regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/);
export const Seq = z.number().int().min(0);
/** Client-chosen id of a command, so a retry after a lost ack is recognised and not applied twice. */
export const CommandId = z.string().min(8).max(LIMITS.commandIdLength).regex(/^[A-Za-z0-9_-]+$/);

export type Modality = z.infer<typeof Modality>;
export type Role = z.infer<typeof Role>;
export type ViewerRole = z.infer<typeof ViewerRole>;
