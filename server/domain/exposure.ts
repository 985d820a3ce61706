/**
 * Exposure (README.md, "Soft launch"): distinct visitors offered chat per day, page and language,
 * so that reports can divide chats by exposure. Counted without keeping visitor ids: the store
 * gets a keyed hash of each id (a HyperLogLog on Redis keeps no element at all). Pure helpers.
 */
import type { Language } from '../../protocol/languages.js';

/** Distinct pages counted per site and day; the visitors of any further page count under `other`. */
export const EXPOSURE_PAGES_PER_DAY = 200;
/** The page name the visitors of pages beyond the day's bound are counted under (no path is `other`). */
export const EXPOSURE_OTHER_PAGE = 'other';
/** Longest path kept; a longer one is cut (paths are counted, never queries or fragments). */
export const EXPOSURE_PATH_MAX = 200;
/** How long a day's counts are kept: 400 days, a year of comparisons and a month to report it. */
export const EXPOSURE_RETENTION_MS = 400 * 24 * 3_600_000;

/** One visitor offered chat on one page view. */
export interface ExposureHit {
  siteId: string;
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  /** The page's path. */
  page: string;
  language: Language;
  /** A keyed hash of the visitor id (never the id itself). */
  visitorKey: string;
}

/** A day's counts for one site. */
export interface ExposureCounts {
  total: number;
  byLanguage: Record<Language, number>;
  /** Every page counted that day (at most EXPOSURE_PAGES_PER_DAY, and `other`), most visitors first. */
  pages: Array<{ page: string; visitors: number }>;
}

/** The UTC day of a time, `YYYY-MM-DD`. */
export function exposureDay(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** The path a page is counted under: without origin, query or fragment, bounded. */
export function exposurePage(pageUrl: string): string {
  let path: string;
  try {
    path = new URL(pageUrl).pathname;
  } catch {
    path = '/';
  }
  return path.slice(0, EXPOSURE_PATH_MAX);
}

/** Pages by visitors, most first, then by name (a stable order for equal counts). */
export function sortPages(pages: Array<{ page: string; visitors: number }>): Array<{ page: string; visitors: number }> {
  return pages.sort((a, b) => b.visitors - a.visitors || (a.page < b.page ? -1 : a.page > b.page ? 1 : 0));
}
