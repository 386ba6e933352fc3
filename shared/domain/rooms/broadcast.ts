/** Minutes a broadcast stays on every screen when the moderator does not say (docs/architecture.md, "Phone screens"). Plain module: the client imports it without zod. */
export const BROADCAST_DEFAULT_MINUTES = 10;
