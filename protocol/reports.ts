/**
 * Reports on the wire (README.md, "Reports"; `/agent` namespace, supervisors and managers): one
 * summary of a range of hours from the hourly rollup, grouped one way, with the breakdowns the
 * Reports page charts. The CSV export (`GET /api/reports/{table}.csv`) takes the same query.
 * Clients import the types only (`import type`), so the schema library never reaches a browser.
 */
import { z } from 'zod';
import { LanguageSchema } from './models.js';
import { isKnownTimeZone } from './time-zone-name.js';

const IdSchema = z.string().min(1).max(64);
const HOUR_MS = 3_600_000;
/** Same as server/domain/reports.ts REPORT_RANGE_MAX_HOURS: 93 days of hours. */
export const REPORT_RANGE_DAYS_MAX = 93;
/** The target time to answer the page starts with (seconds); the manager sets another in the filters. */
export const REPORT_TARGET_SECONDS_DEFAULT = 60;

/** How a summary's groups are cut: by time (in the query's time zone) or by a dimension. */
export const REPORT_GROUPINGS = ['day', 'hour', 'hourOfDay', 'weekday', 'site', 'page', 'language', 'topic', 'queue', 'share'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/**
 * A summary of the hours from `from` to `to` (instants; the hours that start in the range), at
 * most 93 days apart, optionally of one site, language or queue; `timeZone` (default UTC) places
 * days, hours of the day and weekdays; `targetSeconds` is the time to answer within which the
 * share answered is counted.
 */
const ReportQueryFields = {
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  siteId: IdSchema.optional(),
  language: LanguageSchema.optional(),
  queueId: IdSchema.optional(),
  groupBy: z.enum(REPORT_GROUPINGS),
  timeZone: z.string().refine(isKnownTimeZone, 'timeZone must be a known IANA time-zone name.').optional(),
  targetSeconds: z.int().min(1).max(3600).optional(),
};

function boundedRange<T extends z.ZodType<{ from: string; to: string }>>(schema: T): T {
  return schema
    .refine((query) => Date.parse(query.to) >= Date.parse(query.from), { message: 'The end is before the start.', path: ['to'] })
    .refine((query) => Date.parse(query.to) - Date.parse(query.from) <= REPORT_RANGE_DAYS_MAX * 24 * HOUR_MS, {
      message: `Report at most ${REPORT_RANGE_DAYS_MAX} days at a time.`,
      path: ['to'],
    });
}

export const ReportQuerySchema = boundedRange(z.object(ReportQueryFields).strict());
export type ReportQuery = z.input<typeof ReportQuerySchema>;

/** The CSV export's query string: the same query, `targetSeconds` as digits. */
export const ReportCsvQuerySchema = boundedRange(
  z.object({ ...ReportQueryFields, targetSeconds: z.coerce.number().pipe(z.int().min(1).max(3600)).optional() }).strict(),
);

/** The figures of one group (or of the whole range). Shares are 0 to 1; times are seconds; null when nothing to divide by. */
export interface ReportFigures {
  /** Distinct visitors offered chat within each hour, summed over the hours. */
  offered: number;
  started: number;
  /** started ÷ offered. */
  chatRate: number | null;
  answered: number;
  abandoned: number;
  abandonAvgSeconds: number | null;
  transferred: number;
  requeued: number;
  leftMessage: number;
  closed: number;
  /** Distinct visitors (per hour) whose offer said closed: demand while closed. */
  closedOffers: number;
  waitP50Seconds: number | null;
  waitP90Seconds: number | null;
  /** Share of answered chats answered within `targetSeconds`. */
  withinTarget: number | null;
  firstResponseAvgSeconds: number | null;
  handleAvgSeconds: number | null;
  /** Of chats whose browser sent a zone (and whose site has hours), the share outside the site's zone. */
  outsideZoneShare: number | null;
  /** Surveys answered after a chat, and their average satisfaction (1 to 5). */
  surveys: number;
  satisfactionAvg: number | null;
}

/** Time to answer in one language: the histogram and what it gives. */
export interface LanguageWaits {
  answered: number;
  /** Counts per bucket of `waitBucketsSeconds` (and the open bucket last). */
  histogram: number[];
  p50Seconds: number | null;
  p90Seconds: number | null;
  withinTarget: number | null;
  abandoned: number;
}

export interface StaffFigures {
  agentId: string;
  name: string;
  availableMinutes: number;
  busyMinutes: number;
  chatMinutes: number;
  /** busy ÷ available minutes. */
  occupancy: number | null;
  /** chat-minutes ÷ busy minutes: chats held at once while holding any. */
  concurrency: number | null;
}

export interface ReportSummary {
  from: string;
  to: string;
  timeZone: string;
  groupBy: ReportGrouping;
  targetSeconds: number;
  totals: ReportFigures;
  /** In time order for time groupings, else by key. */
  groups: Array<{ key: string; figures: ReportFigures }>;
  /** The histograms' upper bounds, seconds (the last bucket has none). */
  waitBucketsSeconds: number[];
  /** English and French side by side (equal service is a legal duty). */
  waitsByLanguage: { en: LanguageWaits; fr: LanguageWaits };
  /** Counts per bucket of time to abandon. */
  abandonHistogram: number[];
  closeReasons: Array<{ code: string; count: number }>;
  wrapUps: Array<{ code: string; count: number }>;
  /** Demand while closed by hour of the day (0 to 23, in `timeZone`). */
  closedDemand: Array<{ hour: number; closedOffers: number; leftMessages: number }>;
  /**
   * The survey's "how would you have contacted us?" answers, every answer listed (0 when none):
   * `would_not_have_contacted` is net-new demand; the others, contacts shifted from that channel.
   */
  channelShift: Array<{ answer: string; count: number }>;
  /** How many surveys gave each satisfaction score, 1 to 5. */
  satisfaction: Array<{ score: number; count: number }>;
  /** Per agent, from minute samples (measured; README.md, "Reports"). */
  staff: StaffFigures[];
  /** What the rollup cost to read: hours and cells read, milliseconds. */
  cost: { hoursRead: number; cellsRead: number; millis: number };
}

export interface ReportSummaryResult {
  summary: ReportSummary;
}
