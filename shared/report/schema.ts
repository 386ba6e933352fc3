import { z } from 'zod';
import { LocalizedTextSchema, PollKind, SeriesSchema } from '../domain/polls/schemas.js';
import { CompositionSchema, SuppressedCell } from '../domain/profile/schemas.js';

/**
 * The session report: the day's record, computed from the stored log, ballots and worksheet updates only
 * (server/capabilities/report/build.ts). Bump REPORT_VERSION on any change of meaning or shape: combining
 * reports refuses another version rather than mixing figures that mean different things.
 */
export const REPORT_VERSION = 1;

const Modalities = z.object({ onsite: z.number(), online: z.number() });
const Count = z.object({ participants: Modalities, staff: z.number(), observers: z.number() });

/** One person as the report names them: participants by an anonymous label unless they agreed to be named. */
export const ReportPerson = z.object({
  label: z.string(),
  role: z.string(),
  modality: z.enum(['onsite', 'online']),
  joinedAt: z.number(),
  named: z.boolean(),
});

export const ReportPoll = z.object({
  id: z.string(),
  kind: PollKind,
  question: LocalizedTextSchema,
  options: z.array(LocalizedTextSchema),
  /** Scale polls: the value of each bucket; others: null. */
  scale: z.object({ min: z.number(), max: z.number() }).nullable(),
  /** Grid polls: the columns (rows are `options`); bucket i is row ⌊i / columns⌋, column i mod columns. */
  grid: z.object({ columns: z.array(LocalizedTextSchema) }).nullable().optional(),
  questionnaireId: z.string().nullable(),
  status: z.enum(['draft', 'open', 'closed']),
  openedAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  overall: SeriesSchema,
  byModality: z.object({ onsite: SeriesSchema, online: SeriesSchema }),
  /** Room id → series, with the room's name in `rooms`. */
  byRoom: z.record(z.string(), SeriesSchema),
  /** The hall's raised hands: never added to the device ballots. */
  showOfHands: SeriesSchema.nullable(),
  /** When helpers entered answers for people without a device: the ballots split by who typed them. */
  byEntry: z.object({ device: SeriesSchema, helper: SeriesSchema }).optional(),
  open: z
    .object({
      answers: z.array(z.string()),
      words: z.array(z.object({ word: z.string(), count: z.number() })),
      hiddenCount: z.number(),
    })
    .nullable(),
});
export type ReportPoll = z.infer<typeof ReportPoll>;

export const ReportSchema = z.object({
  kind: z.literal('dialogue-room/session-report'),
  version: z.literal(REPORT_VERSION),
  session: z.object({
    id: z.string(),
    title: z.string(),
    /** ISO date (UTC) of the session's creation. */
    date: z.string(),
    createdAt: z.number(),
    languages: z.array(z.string()),
    /** Time of the last logged event: the report covers the log up to here. */
    lastEventAt: z.number(),
    lastSeq: z.number(),
    /**
     * Fingerprint of the polls asked (kind, question, options, scale, in order): reports combine only when it is
     * equal, i.e. the sites ran the same questionnaire (until session templates give shared poll ids).
     */
    pollSet: z.string(),
    /**
     * The session template the session was created from (null: none). Reports of one template combine poll by
     * poll (matched by the template's poll ids), whatever subset of its polls each site ran. Added after
     * version 1 shipped, with a default, so older files still read.
     */
    templateId: z.string().nullable().default(null),
  }),
  agenda: z.array(
    z.object({ id: z.string(), title: z.string(), plannedMinutes: z.number(), room: z.string(), startedAt: z.number().nullable(), endedAt: z.number().nullable(), how: z.enum(['ended', 'skipped']).nullable() }),
  ),
  rooms: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['plenary', 'breakout']), modality: z.enum(['onsite', 'online']).nullable(), facilitator: z.string().nullable() })),
  attendance: z.object({
    /** Everyone who joined (removed included), by role. */
    joined: Count,
    /** Most people connected at once (participants by modality), and when. */
    peakConnected: z.object({ at: z.number().nullable(), participants: Modalities, total: z.number() }),
    /** The connected counts after every change, in time order. */
    timeline: z.array(z.object({ at: z.number(), joined: Count, connected: Count })),
  }),
  people: z.array(ReportPerson),
  staff: z.array(z.object({ name: z.string(), role: z.string(), side: z.enum(['onsite', 'online']).nullable() })),
  polls: z.array(ReportPoll),
  questionnaires: z.array(z.object({ id: z.string(), title: z.string(), pollIds: z.array(z.string()), status: z.string() })),
  worksheets: z.array(z.object({ roomId: z.string(), roomName: z.string(), sections: z.record(z.string(), z.string()), /** Titles of data-defined sections (session's first language); absent: the default three. */ sectionTitles: z.record(z.string(), z.string()).optional() })),
  /** The plenary worksheet's recommendations section. */
  recommendations: z.string(),
  /** Group sheets published to the plenary, as published (absent when none was). */
  published: z
    .array(z.object({ roomId: z.string(), groupName: z.string(), publishedAt: z.number(), sections: z.array(z.object({ key: z.string(), text: z.string() })) }))
    .optional(),
  bridge: z.object({
    checkIns: z.array(z.object({ askedAt: z.number(), answeredAt: z.number().nullable(), part: z.string().nullable(), summary: z.string().nullable(), highlights: z.array(z.string()) })),
    highlights: z.array(z.object({ text: z.string(), speaker: z.string(), room: z.string().nullable(), saidAt: z.number() })),
  }),
  help: z.object({
    total: z.number(),
    byModality: Modalities,
    /** Request times and how long until closed (no names). */
    requests: z.array(z.object({ at: z.number(), modality: z.enum(['onsite', 'online']), closedAt: z.number().nullable() })),
  }),
  speaking: z.object({
    turns: Modalities,
    /** Seconds, from the floor given to the turn's end (the next floor, or the end of the log). */
    seconds: Modalities,
    byRoom: z.array(z.object({ room: z.string(), turns: Modalities, seconds: Modalities })),
    /** Participants who joined and were never given the floor. */
    neverSpoke: z.number(),
  }),
  /**
   * The panel profile (added after version 1 shipped, with a default, so older files still read). Every count
   * under 5 is "< 5", and a second cell is "hidden" where the first could be recovered by subtraction
   * (shared/report/suppress.ts). `questions[].cells[row]` = [onsite, online, total]; rows = the options, then
   * "Prefer not to say", then "No answer".
   */
  profile: CompositionSchema.extend({
    /** Per poll (single, multiple, yes/no, scale) and profile question: rows as above; columns the poll's buckets, then the row's number of voters. */
    breakdowns: z.array(z.object({ pollId: z.string(), questionId: z.string(), cells: z.array(z.array(SuppressedCell)) })),
  }).default({ participants: { onsite: 0, online: 0 }, questions: [], breakdowns: [] }),
  notes: z.array(z.string()),
});
export type Report = z.infer<typeof ReportSchema>;
