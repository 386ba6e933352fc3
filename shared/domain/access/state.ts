// Types and defaults only: the client imports this file, and zod must stay out of its bundle.

/** Observers one session admits through invitation links unless moderators change it. */
export const DEFAULT_OBSERVER_CAP = 25;
/** The largest observer cap moderators may set. */
export const MAX_OBSERVER_CAP = 1000;

/** Who may get in, and with which links (access capability). */
export interface AccessState {
  /**
   * The session's key generation. Moderator, projector and observer tokens and observer invitations carry the
   * generation they were issued in; re-issuing links starts a new one and refuses every older one.
   */
  generation: number;
  /** False: joining with the code is refused (JOINING_CLOSED); people already in stay. */
  joiningOpen: boolean;
  /** Observers (not removed) the invitation links may create at most. */
  observerCap: number;
}

export function emptyAccess(): AccessState {
  return { generation: 0, joiningOpen: true, observerCap: DEFAULT_OBSERVER_CAP };
}
