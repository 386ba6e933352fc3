/** Minutes a broadcast stays on every screen when the moderator does not say (docs/architecture.md, "Phone screens"). Plain module: the client imports it without zod. */
export const BROADCAST_DEFAULT_MINUTES = 10;

/** Minutes a highlighted remark may stay on the projector and the wall when the moderator does not say (docs/architecture.md, "Answers and highlights that end"). */
export const HIGHLIGHT_DEFAULT_MINUTES = 10;

/** Whether something with an `expiresAt` (server ms, null or absent: until removed) has expired at `now` (server ms). */
export function expired(expiresAt: number | null | undefined, now: number): boolean {
  return expiresAt !== null && expiresAt !== undefined && expiresAt <= now;
}
