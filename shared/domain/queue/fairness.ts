// Types only: the client's fairness panel imports this file (zod stays out of its bundle).
import type { Person, SessionState } from '../state.js';
import type { Modality } from '../../protocol/primitives.js';
import { own } from '../keyed.js';
import { speakerKey } from './order.js';

type Sides = Record<Modality, number>;

/**
 * Present in a room = can speak there now: a participant or facilitator, not removed, in the room, with a
 * connection open on some instance. Moderators steer and observers watch; neither is owed a turn.
 */
export function presentSpeakers(state: SessionState, roomId: string): Person[] {
  return state.roster
    .map((id) => own(state.people, id))
    .filter((p): p is Person => !!p && !p.removed && (p.role === 'participant' || p.role === 'facilitator') && p.roomId === roomId)
    .filter((p) => Object.values(p.connections).some((n) => n > 0));
}

/** Everyone present in the room who has had no turn there yet, in roster (join) order. */
export function notYetSpoken(state: SessionState, roomId: string): Person[] {
  const q = own(state.queues, roomId);
  const current = q?.current?.personId ?? null;
  return presentSpeakers(state, roomId).filter((p) => (own(q?.spoken, p.id) ?? 0) === 0 && p.id !== current);
}

export interface SpeakerFigures {
  key: string;
  personId: string | null;
  name: string;
  modality: Modality;
  turns: number;
  /** Ended turns only, plus the running turn up to `now`. */
  ms: number;
}

export interface RoomFairness {
  speakers: SpeakerFigures[];
  turnsBySide: Sides;
  msBySide: Sides;
  presentBySide: Sides;
  totalMs: number;
  notYetSpoken: Person[];
}

const share = (part: number, total: number) => (total > 0 ? part / total : 0);
export const sideShare = (s: Sides, side: Modality) => share(s[side], s.onsite + s.online);

/**
 * The figures of the fairness panel for one room, pure: per speaker turns and speaking time (the running turn
 * counted up to `now`, the server time as the caller estimates it), totals per side, presence per side.
 */
export function roomFairness(state: SessionState, roomId: string, now: number): RoomFairness {
  const q = own(state.queues, roomId);
  const byKey = new Map<string, SpeakerFigures>();
  const who = (key: string): Pick<SpeakerFigures, 'personId' | 'name' | 'modality'> => {
    const p = own(state.people, key);
    if (p) return { personId: p.id, name: p.name, modality: p.modality };
    // A by-name speaker: the name and modality its turn was given under.
    const known = own(q?.speakers, key);
    return { personId: null, name: known?.name ?? key.replace(/^name:/, '').replace(/#.*$/, ''), modality: known?.modality ?? 'onsite' };
  };
  const row = (key: string) => {
    let r = byKey.get(key);
    if (!r) byKey.set(key, (r = { key, ...who(key), turns: 0, ms: 0 }));
    return r;
  };
  for (const key of Object.keys(q?.spoken ?? {})) row(key).turns = own(q!.spoken, key) ?? 0;
  for (const key of Object.keys(q?.spokenMs ?? {})) row(key).ms = own(q!.spokenMs!, key) ?? 0;
  const msBySide: Sides = { onsite: q?.msByModality?.onsite ?? 0, online: q?.msByModality?.online ?? 0 };
  if (q?.current) {
    const running = Math.max(0, now - q.current.startedAt);
    row(q.current.speakerKey ?? speakerKey(q.current)).ms += running;
    msBySide[q.current.modality] += running;
  }
  const present = presentSpeakers(state, roomId);
  return {
    speakers: [...byKey.values()].sort((a, b) => b.ms - a.ms || b.turns - a.turns),
    turnsBySide: { onsite: q?.turnsByModality.onsite ?? 0, online: q?.turnsByModality.online ?? 0 },
    msBySide,
    presentBySide: { onsite: present.filter((p) => p.modality === 'onsite').length, online: present.filter((p) => p.modality === 'online').length },
    totalMs: msBySide.onsite + msBySide.online,
    notYetSpoken: notYetSpoken(state, roomId),
  };
}
