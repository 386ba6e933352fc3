import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import type { StoredEvent } from '../../../shared/domain/eventTypes.js';
import { applyEvent } from '../../../shared/domain/apply.js';
import { emptySessionState, isConnected, PLENARY_ID, type Person, type SessionState } from '../../../shared/domain/state.js';
import { emptyRecord, has, own, ownEach, setOwn } from '../../../shared/domain/keyed.js';
import { parseBallots, tally } from '../../../shared/domain/polls/tally.js';
import { REPORT_VERSION, type Report } from '../../../shared/report/schema.js';
import { allSections, DEFAULT_WORKSHEET_SECTIONS, sectionTitle } from '../../../shared/domain/worksheet/sections.js';
import { fromBase64 } from '../worksheet/yjsUpdates.js';
import { reportProfile } from './profile.js';
import { textOf } from './text.js';

/** What the report is computed from: nothing but stored data, so every instance and every restart agree. */
export interface ReportSources {
  sessionId: string;
  /** The whole log, in sequence order. */
  events: StoredEvent[];
  /** Per poll id: the stored ballot records (values only; the person ids never reach the report). */
  ballots: Record<string, string[]>;
  /** Per room id: the stored Yjs updates (base64), oldest first. */
  worksheets: Record<string, string[]>;
  /** Per poll id: the voter of each ballot record, in the order of `ballots` (profile breakdowns only; never written out). */
  voters?: Record<string, string[]>;
}

type Modality = 'onsite' | 'online';
type Count = Report['attendance']['joined'];

const zero = () => ({ onsite: 0, online: 0 });

type Bucket = 'onsite' | 'online' | 'staff' | 'observers';
const bucketOf = (p: Person): Bucket => (p.role === 'participant' ? p.modality : p.role === 'observer' ? 'observers' : 'staff');
function bump(c: Count, b: Bucket, by: number): void {
  if (b === 'onsite' || b === 'online') c.participants[b] += by;
  else c[b] += by;
}
const copyCount = (c: Count): Count => ({ participants: { ...c.participants }, staff: c.staff, observers: c.observers });

/** The people an event of the people capability names; null when it may touch anyone (an instance gone). */
function touched(e: StoredEvent): string[] | null {
  if (!e.data || typeof e.data !== 'object') return [];
  const d = e.data as { personId?: unknown; person?: { id?: unknown } | null; counts?: unknown };
  if (e.type === 'presence:changed' && d.counts && typeof d.counts === 'object') return Object.keys(d.counts);
  if (e.type === 'person:joined' && typeof d.person?.id === 'string') return [d.person.id];
  if (typeof d.personId === 'string') return [d.personId];
  return null;
}
const sameCount = (a: Count, b: Count) => JSON.stringify(a) === JSON.stringify(b);
const byStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The final text of each worksheet section (Yjs: the stored updates applied to a fresh document): the sections
 * the session defines, in order, then any other section of the document that holds text (a section removed from
 * the agenda, or written under an older definition): nothing typed is left out of the report.
 */
export function worksheetSections(updates: string[], sectionIds: readonly string[] = DEFAULT_WORKSHEET_SECTIONS.map((x) => x.id)): Record<string, string> {
  const doc = new Y.Doc();
  try {
    for (const u of updates) {
      try {
        Y.applyUpdate(doc, fromBase64(u));
      } catch {
        /* an update that does not decode was refused when sent; a damaged record never hides the rest */
      }
    }
    const out: Record<string, string> = emptyRecord<string>();
    // A name made another type by a crafted update reads as empty: one odd section never hides the others.
    const textOf = (name: string) => {
      try {
        return doc.getText(name).toString();
      } catch {
        return '';
      }
    };
    for (const s of sectionIds) setOwn(out, s, textOf(s));
    for (const name of [...doc.share.keys()].sort()) {
      if (has(out, name)) continue;
      const text = textOf(name);
      if (text.trim()) setOwn(out, name, text);
    }
    return out;
  } finally {
    doc.destroy();
  }
}

/**
 * Builds the session report from stored data. Pure and deterministic: times come from the events (the
 * store's clock), orders are the log's or sorted, and no clock of this process is read, so the report is
 * byte-identical from any instance and after a restart.
 */
export function buildReport(src: ReportSources): Report {
  const state: SessionState = emptySessionState(src.sessionId);
  const joinedRole: Record<string, string> = Object.create(null);
  const agendaTimes: Record<string, { startedAt: number | null; endedAt: number | null }> = Object.create(null);
  const timeline: Report['attendance']['timeline'] = [];
  let peak: Report['attendance']['peakConnected'] = { at: null, participants: zero(), total: 0 };
  const turns = new Map<string, { turns: { onsite: number; online: number }; seconds: { onsite: number; online: number } }>();
  const current = new Map<string, { modality: Modality; startedAt: number }>();
  const spoke = new Set<string>();
  let lastAt = 0;

  const endTurn = (roomId: string, at: number) => {
    const t = current.get(roomId);
    if (!t) return;
    current.delete(roomId);
    const r = turns.get(roomId)!;
    r.seconds[t.modality] += Math.max(0, Math.round((at - t.startedAt) / 1000));
  };

  const readBeforeApply = (e: StoredEvent) => {
    const d = e.data as Record<string, unknown>;
    // Read what an event ends before applying it (the applier removes the queue entry given the floor).
    if (e.type === 'queue:floorGiven') {
      const roomId = d.roomId as string;
      const entry = own(state.queues, roomId)?.entries.find((x) => x.id === d.entryId);
      if (entry) {
        endTurn(roomId, e.at);
        if (!turns.has(roomId)) turns.set(roomId, { turns: zero(), seconds: zero() });
        turns.get(roomId)!.turns[entry.modality]++;
        current.set(roomId, { modality: entry.modality, startedAt: e.at });
        if (entry.personId) spoke.add(entry.personId);
      }
    // A turn ended automatically after its grace carries its exact end (limit + grace), logged a little later.
    } else if (e.type === 'queue:turnEnded') endTurn(d.roomId as string, typeof d.endedAt === 'number' ? d.endedAt : e.at);
    else if (e.type === 'person:joined') {
      const p = d.person as Person;
      if (!(p.id in joinedRole)) joinedRole[p.id] = p.role;
    } else if (e.type === 'agenda:partStarted') {
      const prev = state.agendaRun.currentId;
      if (prev && prev !== d.partId && agendaTimes[prev] && agendaTimes[prev].endedAt === null) agendaTimes[prev].endedAt = e.at;
      const t = (agendaTimes[d.partId as string] ??= { startedAt: null, endedAt: null });
      t.startedAt ??= e.at;
      t.endedAt = null;
    } else if (e.type === 'agenda:partFinished') {
      const t = (agendaTimes[d.partId as string] ??= { startedAt: null, endedAt: null });
      t.endedAt = e.at;
    }
  };

  // Running counts, and what each person adds to them now (so an event recounts only the people it names).
  const joined: Count = { participants: zero(), staff: 0, observers: 0 };
  const connected: Count = { participants: zero(), staff: 0, observers: 0 };
  const adds = new Map<string, { bucket: Bucket; connected: boolean }>();
  const recount = (id: string) => {
    const before = adds.get(id);
    if (before) {
      bump(joined, before.bucket, -1);
      if (before.connected) bump(connected, before.bucket, -1);
    }
    const p = own(state.people, id);
    if (!p) return void adds.delete(id);
    const now = { bucket: bucketOf(p), connected: !p.removed && isConnected(p) };
    adds.set(id, now);
    bump(joined, now.bucket, 1);
    if (now.connected) bump(connected, now.bucket, 1);
  };

  for (const e of src.events) {
    if (!e || typeof e !== 'object' || typeof e.seq !== 'number' || typeof e.type !== 'string') continue;
    if (typeof e.at === 'number') lastAt = Math.max(lastAt, e.at);
    // The log may hold events that do not apply (see applyEvent): the report reads them as defensively as
    // the appliers do, so one damaged event never costs the day's record.
    try {
      readBeforeApply(e);
    } catch {
      /* its figures are left out; applyEvent lists it in state.damaged */
    }
    applyEvent(state, e);
    // session:created brings the moderators; it names nobody, so everyone is counted.
    if (e.type === 'session:created' || e.type.startsWith('person:') || e.type.startsWith('presence:')) {
      // Only the people the event names are recounted: a day's presence log is tens of thousands of events.
      const names = touched(e);
      for (const id of names ?? Object.keys(state.people)) recount(id);
      const last = timeline.at(-1);
      if (!last || !sameCount(last.joined, joined) || !sameCount(last.connected, connected)) {
        const entry = { at: e.at, joined: copyCount(joined), connected: copyCount(connected) };
        // One entry per minute (the minute's last counts), so a reconnect storm does not bloat the report.
        if (last && Math.floor(last.at / 60_000) === Math.floor(e.at / 60_000)) timeline[timeline.length - 1] = entry;
        else timeline.push(entry);
      }
      const total = connected.participants.onsite + connected.participants.online;
      if (total > peak.total) peak = { at: e.at, participants: { ...connected.participants }, total };
    }
  }
  for (const roomId of [...current.keys()]) endTurn(roomId, lastAt);

  const people = ownEach(state.people, state.roster);
  // Stable anonymous labels: join order among those who joined as participants (a later promotion keeps it).
  const labelOf = new Map<string, string>();
  let n = 0;
  for (const p of people) if (joinedRole[p.id] === 'participant') labelOf.set(p.id, `Participant ${++n}`);
  const named = (p: Person) => p.role === 'moderator' || p.role === 'facilitator' || p.nameInReport === true;
  const displayName = (personId: string | null, typed: string): string => {
    const p = personId ? own(state.people, personId) : undefined;
    if (!p) return typed;
    return named(p) ? p.name : (labelOf.get(p.id) ?? roleTitle(p.role));
  };

  const roomName = (id: string) => own(state.rooms, id)?.name ?? id;
  const polls: Report['polls'] = ownEach(state.polls, state.pollOrder)
    .filter((p) => p.status !== 'draft')
    .map((poll) => {
      const r = tally(poll, parseBallots(own(src.ballots, poll.id) ?? []), {
        showOfHands: own(state.showOfHands, poll.id) ?? null,
        hidden: own(state.hiddenAnswers, poll.id) ?? [],
        final: poll.status === 'closed',
        at: poll.closedAt ?? lastAt,
      });
      return {
        id: poll.id,
        kind: poll.kind,
        question: poll.question,
        options: poll.options,
        scale: poll.kind === 'scale' ? { min: poll.min, max: poll.max } : null,
        ...(poll.kind === 'grid' ? { grid: { columns: poll.columns ?? [] } } : {}),
        questionnaireId: poll.questionnaireId,
        status: poll.status,
        openedAt: poll.openedAt,
        closedAt: poll.closedAt,
        overall: r.overall,
        byModality: r.byModality,
        byRoom: r.byRoom,
        showOfHands: r.showOfHands,
        ...(r.byEntry ? { byEntry: r.byEntry } : {}),
        open: r.open ? { answers: r.open.answers.map((a) => a.text), words: r.open.words, hiddenCount: r.open.hiddenCount } : null,
      };
    });

  const breakoutIds = state.roomOrder.filter((id) => own(state.rooms, id)?.kind === 'breakout');
  // Sections are data of the session (its default and each part's); logs from before have none: the three defaults.
  const defined = allSections(state);
  const sectionIds = defined.map((x) => x.id);
  const definedSections = !!state.worksheetSections?.length || state.agenda.some((p) => p.sections?.length);
  const sectionTitles = (sections: Record<string, string>) => {
    const out = emptyRecord<string>();
    for (const id of Object.keys(sections)) {
      const def = defined.find((x) => x.id === id);
      setOwn(out, id, def ? sectionTitle(def, state.languages[0] ?? 'en', state.languages) : id);
    }
    return out;
  };
  const worksheets = breakoutIds
    .filter((id) => (own(src.worksheets, id) ?? []).length > 0)
    .map((id) => {
      const sections = worksheetSections(own(src.worksheets, id) ?? [], sectionIds);
      return { roomId: id, roomName: roomName(id), sections, ...(definedSections ? { sectionTitles: sectionTitles(sections) } : {}) };
    });
  const plenarySheet = worksheetSections(own(src.worksheets, PLENARY_ID) ?? [], sectionIds);

  const highlights = state.bridge.highlights;
  const highlightText = new Map(highlights.map((h) => [h.id, h.text]));
  const requests = state.help.order.map((id) => own(state.help.requests, id)).filter((r) => r !== undefined);

  const speakingByRoom = [...turns.entries()].sort(([a], [b]) => byStr(a, b));
  const sum = (pick: (v: { turns: { onsite: number; online: number }; seconds: { onsite: number; online: number } }) => { onsite: number; online: number }) => {
    const out = zero();
    for (const [, v] of speakingByRoom) {
      out.onsite += pick(v).onsite;
      out.online += pick(v).online;
    }
    return out;
  };

  return {
    kind: 'dialogue-room/session-report',
    version: REPORT_VERSION,
    session: {
      id: state.id,
      title: state.title,
      date: new Date(state.createdAt).toISOString().slice(0, 10),
      createdAt: state.createdAt,
      languages: state.languages,
      lastEventAt: lastAt,
      lastSeq: state.seq,
      pollSet: createHash('sha256')
        .update(JSON.stringify(polls.map((p) => [p.kind, p.question, p.options, p.scale])))
        .digest('hex')
        .slice(0, 32),
      templateId: state.template?.id ?? null,
    },
    agenda: state.agenda.map((part) => ({
      id: part.id,
      // The report is written in one language: the session's first one that has a title.
      title: textOf(part.title, state.languages),
      plannedMinutes: part.minutes,
      room: part.room,
      startedAt: agendaTimes[part.id]?.startedAt ?? null,
      endedAt: agendaTimes[part.id]?.endedAt ?? null,
      how: own(state.agendaRun.finished, part.id) ?? null,
    })),
    rooms: state.roomOrder
      .map((id) => own(state.rooms, id))
      .filter((r) => r !== undefined)
      .map((r) => ({ id: r.id, name: r.name, kind: r.kind, modality: r.modality, facilitator: r.facilitatorId ? displayName(r.facilitatorId, '') : null })),
    attendance: {
      joined: copyCount(joined),
      peakConnected: peak,
      timeline,
    },
    people: people.map((p) => ({ label: displayName(p.id, ''), role: p.role, modality: p.modality, joinedAt: p.joinedAt, named: named(p) })),
    staff: people.filter((p) => p.role === 'moderator' || p.role === 'facilitator').map((p) => ({ name: p.name, role: p.role, side: p.side })),
    polls,
    questionnaires: ownEach(state.questionnaires, state.questionnaireOrder)
      .filter((q) => q.status !== 'draft')
      .map((q) => ({ id: q.id, title: q.title, pollIds: q.pollIds, status: q.status })),
    worksheets,
    recommendations: plenarySheet.recommendations ?? '',
    ...(state.publishedOrder?.length
      ? { published: ownEach(state.published ?? {}, state.publishedOrder).map((x) => ({ roomId: x.roomId, groupName: x.groupName, publishedAt: x.publishedAt, sections: x.sections })) }
      : {}),
    bridge: {
      checkIns: state.bridge.checkIns.map((c) => ({
        askedAt: c.askedAt,
        answeredAt: c.answeredAt,
        part: c.partId ? (titleOfPart(state, c.partId) ?? c.partId) : null,
        summary: c.summary,
        highlights: c.highlightIds.map((id) => highlightText.get(id) ?? '').filter((t) => t !== ''),
      })),
      highlights: highlights.map((h) => ({ text: h.text, speaker: displayName(h.personId, h.name), room: h.roomId ? roomName(h.roomId) : null, saidAt: h.saidAt })),
    },
    help: {
      total: requests.length,
      byModality: { onsite: requests.filter((r) => r.modality === 'onsite').length, online: requests.filter((r) => r.modality === 'online').length },
      requests: requests.map((r) => ({ at: r.at, modality: r.modality, closedAt: r.closedAt })),
    },
    speaking: {
      turns: sum((v) => v.turns),
      seconds: sum((v) => v.seconds),
      byRoom: speakingByRoom.map(([id, v]) => ({ room: roomName(id), turns: v.turns, seconds: v.seconds })),
      neverSpoke: [...labelOf.keys()].filter((id) => !spoke.has(id)).length,
    },
    profile: reportProfile(state, src.ballots, src.voters),
    notes: [
      'Participants appear as "Participant N" (numbered in join order) unless they agreed at join to be named; moderators and facilitators are named.',
      'Names typed inside chat, remarks, check-in summaries, open answers or worksheet text stay as typed.',
      'Show-of-hands counts are the hall\'s raised hands, entered by the onsite moderator, and are never added to the device votes.',
      'Speaking time runs from the floor given to the end of the turn (or the next floor given).',
      ...(state.profile?.questions.length
        ? ['Panel profile: any count under 5 is shown as "< 5", and where it could be worked out by subtraction from the totals beside it, a second count is "hidden".']
        : []),
    ],
  };
}

function roleTitle(role: string): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

function titleOfPart(state: SessionState, partId: string): string | null {
  const part = state.agenda.find((a) => a.id === partId);
  return part ? textOf(part.title, state.languages) : null;
}
