/**
 * Reports (README.md, "Reports"): the hourly rollup's shape and its pure arithmetic. Facts are
 * counted once, when they happen, into counters per UTC hour and per set of dimensions; a report
 * reads the hours of its range (a bounded number of small hashes) and never a message or a chat.
 * Percentiles come from fixed-bucket histograms, so hours add up by adding their counters.
 */
import type { Language } from '../../protocol/languages.js';

export const HOUR_MS = 3_600_000;
/** How long an hour's counters are kept: 400 days, as exposure (a year of comparisons and a month to report it). */
export const REPORT_RETENTION_MS = 400 * 24 * HOUR_MS;
/** The longest range a report reads: 93 days of hours (2,232 hours). */
export const REPORT_RANGE_MAX_HOURS = 93 * 24;
/** Distinct page groups counted per site and hour; any further one counts under REPORT_OTHER_PAGE. */
export const REPORT_PAGES_PER_HOUR = 50;
/** The page group of pages beyond the hour's bound (no path group is `other`: groups start with `/`). */
export const REPORT_OTHER_PAGE = 'other';
/** Longest page group kept. */
export const REPORT_PAGE_GROUP_MAX = 60;
/** The scope the staffing samples (per agent, not per site) are kept under (no site id has a `~`). */
export const STAFF_SCOPE = '~staff';

/**
 * Upper bounds (seconds) of the histograms' buckets: time to answer and time to abandon. The last
 * bucket has no bound. Percentiles are read from these, so they are exact to the bucket.
 */
export const WAIT_BUCKETS_S = [10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1800] as const;

/**
 * What one hour of one dimension set counts (counter names, as stored). `wait:{i}` and
 * `abandon:{i}` are the histograms' buckets (i indexes WAIT_BUCKETS_S, its length for the open
 * bucket); `close:{reason}` and `wrapup:{code}` count closes by reason and wrap-ups by outcome code;
 * `satisfaction:{1-5}` and `channel:{answer}` count the survey's answers.
 * Sums are milliseconds. `offered` and `closed_offer` count distinct visitors within the hour.
 */
export const FIGURES = {
  /** Distinct visitors offered chat (exposed) within the hour. */
  offered: 'offered',
  /** Distinct visitors whose offer said closed (outside hours: refused, or the closed state shown). */
  closedOffer: 'closed_offer',
  started: 'started',
  /** Chats whose browser sent a time zone and the site has hours (so a zone to compare). */
  zoneKnown: 'zone_known',
  /** Of those, chats whose browser's UTC offset differed from the site's when they started. */
  outsideZone: 'outside_zone',
  answered: 'answered',
  waitSum: 'wait_sum',
  abandoned: 'abandoned',
  abandonSum: 'abandon_sum',
  transferred: 'transferred',
  requeued: 'requeued',
  leftMessage: 'left_message',
  closed: 'closed',
  /** Answered chats that closed, and the sum of their handle times (first answer to close). */
  handled: 'handled',
  handleSum: 'handle_sum',
  /** Chats whose agent sent a first message, and the sum of the times from answer to it. */
  firstResponse: 'first_response',
  firstResponseSum: 'first_response_sum',
  /** Surveys answered after a chat; of them, those with a satisfaction score, and the scores' sum (1 to 5 each). */
  surveys: 'surveys',
  satisfactionCount: 'satisfaction_count',
  satisfactionSum: 'satisfaction_sum',
  /** Staffing samples (STAFF_SCOPE, per agent): minutes available, minutes holding a chat, chat-minutes held. */
  availableMinutes: 'available_minutes',
  busyMinutes: 'busy_minutes',
  chatMinutes: 'chat_minutes',
} as const;

export type Figure = string;

/** What a count is broken down by. Empty strings (and share -1) where a fact has no such dimension. */
export interface ReportDims {
  /** The page group: the first segment of the path (`/benefits`), `/` for the home page. */
  page: string;
  language: Language | '';
  topicId: string;
  queueId: string;
  /** The chat rule's share (percent) in force when the fact happened; -1 when unknown. */
  share: number;
  /** For staffing samples only: the agent. */
  agentId: string;
}

/** One thing to count. */
export interface ReportFact {
  /** A site id, or STAFF_SCOPE. */
  scope: string;
  /** Start of the UTC hour (epoch ms). */
  hour: number;
  dims: ReportDims;
  figure: Figure;
  by: number;
  /**
   * When set, the fact counts only if this (keyed, hashed) visitor was not yet counted for this
   * figure, hour and dimension set: distinct visitors, never their ids.
   */
  visitorKey?: string;
}

/** What the store answers for one hour and dimension set. */
export interface ReportCell {
  scope: string;
  hour: number;
  dims: ReportDims;
  counts: Record<Figure, number>;
}

export function hourOf(at: number): number {
  return Math.floor(at / HOUR_MS) * HOUR_MS;
}

export function noDims(): ReportDims {
  return { page: '', language: '', topicId: '', queueId: '', share: -1, agentId: '' };
}

/** The page group a page URL (or path) counts under: its first path segment, bounded. */
export function pageGroup(pageUrl: string): string {
  let path: string;
  try {
    path = new URL(pageUrl, 'http://x').pathname;
  } catch {
    path = '/';
  }
  const first = path.split('/').find((segment) => segment !== '') ?? '';
  return `/${first}`.slice(0, REPORT_PAGE_GROUP_MAX);
}

const SEPARATOR = '\u001f';

/** The dimension set as one string (a hash field's prefix); `parseDims` reads it back. */
export function dimsKey(dims: ReportDims): string {
  return [dims.page, dims.language, dims.topicId, dims.queueId, String(dims.share), dims.agentId].join(SEPARATOR);
}

export function parseDims(key: string): ReportDims {
  const [page = '', language = '', topicId = '', queueId = '', share = '-1', agentId = ''] = key.split(SEPARATOR);
  return { page, language: language === 'en' || language === 'fr' ? language : '', topicId, queueId, share: Number(share), agentId };
}

/** The bucket index of a duration (ms) in WAIT_BUCKETS_S. */
export function bucketOf(ms: number): number {
  const seconds = Math.max(0, ms) / 1000;
  const index = WAIT_BUCKETS_S.findIndex((bound) => seconds <= bound);
  return index === -1 ? WAIT_BUCKETS_S.length : index;
}

export function waitBucketFigure(ms: number): Figure {
  return `wait:${bucketOf(ms)}`;
}

export function abandonBucketFigure(ms: number): Figure {
  return `abandon:${bucketOf(ms)}`;
}

/** A histogram's counts, bucket by bucket (WAIT_BUCKETS_S and the open bucket), from counters named `{prefix}:{i}`. */
export function histogramOf(counts: Readonly<Record<Figure, number>>, prefix: 'wait' | 'abandon'): number[] {
  return Array.from({ length: WAIT_BUCKETS_S.length + 1 }, (_, i) => counts[`${prefix}:${i}`] ?? 0);
}

/**
 * The q-quantile (0 < q ≤ 1) of a histogram, in seconds: the bound of the bucket where the
 * cumulative count reaches q of the total, interpolated linearly inside it. Null when empty; the
 * open bucket answers its lower bound (a wait above the last bound is "more than" it).
 */
export function percentile(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const target = q * total;
  let cumulative = 0;
  for (let i = 0; i < histogram.length; i++) {
    const n = histogram[i]!;
    if (n > 0 && cumulative + n >= target) {
      const lower = i === 0 ? 0 : WAIT_BUCKETS_S[i - 1]!;
      const upper = WAIT_BUCKETS_S[i];
      if (upper === undefined) return lower;
      return lower + ((target - cumulative) / n) * (upper - lower);
    }
    cumulative += n;
  }
  return WAIT_BUCKETS_S[WAIT_BUCKETS_S.length - 1]!;
}

/**
 * The share (0 to 1) of the histogram at or under `seconds`: exact when `seconds` is a bucket
 * bound, interpolated linearly inside a bucket otherwise. Null when empty.
 */
export function shareWithin(histogram: readonly number[], seconds: number): number | null {
  const total = histogram.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  let within = 0;
  for (let i = 0; i < histogram.length; i++) {
    const lower = i === 0 ? 0 : WAIT_BUCKETS_S[i - 1]!;
    const upper = WAIT_BUCKETS_S[i];
    if (upper !== undefined && seconds >= upper) within += histogram[i]!;
    else {
      if (upper !== undefined && seconds > lower) within += (histogram[i]! * (seconds - lower)) / (upper - lower);
      break;
    }
  }
  return within / total;
}

/** Adds `from`'s counters into `into`. */
export function addCounts(into: Record<Figure, number>, from: Readonly<Record<Figure, number>>): Record<Figure, number> {
  // for…in, not Object.entries: a report adds tens of thousands of cells, and the pairs' arrays cost more than the sums.
  for (const figure in from) into[figure] = (into[figure] ?? 0) + from[figure]!;
  return into;
}

/** A ratio, null when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}
