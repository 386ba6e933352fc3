import { z } from 'zod';

/**
 * Entity schemas of the rooms, agenda, chat, bridge and help capabilities. The TypeScript types are
 * inferred here; state.ts imports the types only (the client bundle stays free of zod).
 */
export const PendingMoveSchema = z.object({
  /** Unique per scheduled move: the due loop appends the move with cid `due:<id>` so it happens once. */
  id: z.string(),
  kind: z.enum(['open', 'recall']),
  /** Server time (ms) when the move happens. */
  at: z.number(),
  /** Breakout length when opening, in minutes (0 = no breakout timer). */
  minutes: z.number(),
});
export type PendingMove = z.infer<typeof PendingMoveSchema>;

/** `expiresAt`: server ms after which no screen shows it (null: until a moderator clears it). */
export const BroadcastSchema = z.object({ text: z.string(), at: z.number(), byName: z.string(), id: z.string().default(''), expiresAt: z.number().nullable().default(null) });
export type Broadcast = z.infer<typeof BroadcastSchema>;

export const RoomsRunSchema = z.object({
  /** Breakout group of each person (absent: no group, stays in the plenary when breakouts open). */
  groupOf: z.record(z.string(), z.string()),
  open: z.boolean(),
  pendingMove: PendingMoveSchema.nullable(),
  /** Deadline of the breakout round in server ms, or null. */
  breakoutEndsAt: z.number().nullable(),
  nextRoomNo: z.number(),
  broadcast: BroadcastSchema.nullable(),
});
export type RoomsRun = z.infer<typeof RoomsRunSchema>;

export const AgendaRunSchema = z.object({
  currentId: z.string().nullable(),
  startedAt: z.number().nullable(),
  /** Deadline of the current part in server ms: every screen counts down to it, no ticks are sent. */
  endsAt: z.number().nullable(),
  finished: z.record(z.string(), z.enum(['ended', 'skipped'])),
  nextPartNo: z.number(),
});
export type AgendaRun = z.infer<typeof AgendaRunSchema>;

export const ChatMessageSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  personId: z.string(),
  name: z.string(),
  text: z.string(),
  at: z.number(),
  hidden: z.boolean(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

export const HighlightSchema = z.object({
  id: z.string(),
  text: z.string(),
  personId: z.string().nullable(),
  name: z.string(),
  /** When it was said (the chat message's time, or when the remark was noted). */
  saidAt: z.number(),
  roomId: z.string().nullable(),
  byId: z.string(),
  /** Server ms after which neither the projector nor the wall shows it (null: until removed; absent in older logs). */
  expiresAt: z.number().nullable().default(null),
});
export type Highlight = z.infer<typeof HighlightSchema>;

export const BridgeMessageSchema = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  text: z.string(),
  at: z.number(),
  toFacilitators: z.boolean(),
});
export type BridgeMessage = z.infer<typeof BridgeMessageSchema>;

export const CheckInSchema = z.object({
  id: z.string(),
  partId: z.string().nullable(),
  askedAt: z.number(),
  answeredAt: z.number().nullable(),
  summary: z.string().nullable(),
  highlightIds: z.array(z.string()),
});
export type CheckIn = z.infer<typeof CheckInSchema>;

export const BridgeStateSchema = z.object({
  messages: z.array(BridgeMessageSchema),
  highlights: z.array(HighlightSchema),
  projected: HighlightSchema.nullable(),
  checkIns: z.array(CheckInSchema),
  /** Hidden-message reasons (and original text), for moderators only. */
  hiddenNotes: z.record(z.string(), z.object({ reason: z.string(), text: z.string(), byId: z.string() })),
});
export type BridgeState = z.infer<typeof BridgeStateSchema>;

export const HelpRequestSchema = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  modality: z.enum(['onsite', 'online']),
  note: z.string().nullable(),
  at: z.number(),
  status: z.enum(['open', 'taken', 'closed']),
  helperId: z.string().nullable(),
  helperName: z.string().nullable(),
  closedAt: z.number().nullable(),
});
export type HelpRequest = z.infer<typeof HelpRequestSchema>;
