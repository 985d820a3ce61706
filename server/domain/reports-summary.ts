/**
 * From the rollup's cells (server/domain/reports.ts) to a report: filtered, merged into groups,
 * figures worked out from the merged counters (percentiles from merged histograms, never from
 * averaged percentiles). Pure: the cells and the agents' names are passed in.
 */
import type { Language } from '../../protocol/languages.js';
import { CHANNEL_ALTERNATIVES, SATISFACTION_SCORES } from '../../protocol/survey.js';
import type { LanguageWaits, ReportFigures, ReportGrouping, ReportSummary, StaffFigures } from '../../protocol/reports.js';
import {
  FIGURES,
  STAFF_SCOPE,
  WAIT_BUCKETS_S,
  addCounts,
  histogramOf,
  percentile,
  ratio,
  shareWithin,
  type Figure,
  type ReportCell,
} from './reports.js';

export interface SummaryFilter {
  siteId?: string | undefined;
  language?: Language | undefined;
  queueId?: string | undefined;
}

export interface SummaryRequest extends SummaryFilter {
  from: number;
  to: number;
  groupBy: ReportGrouping;
  timeZone: string;
  targetSeconds: number;
}

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** An hour's start as its zone's wall clock: day, hour of the day, weekday. */
export interface LocalHour {
  day: string;
  hour: number;
  weekday: (typeof WEEKDAY_KEYS)[number];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Hours already placed, per zone: a report places each of its cells' hours, a few thousand at most, many times over. */
const placed = new Map<string, LocalHour>();
const PLACED_MAX = 50_000;

export function localHour(at: number, timeZone: string): LocalHour {
  const key = `${timeZone}|${at}`;
  const known = placed.get(key);
  if (known !== undefined) return known;
  if (placed.size >= PLACED_MAX) placed.clear();
  const local = placeHour(at, timeZone);
  placed.set(key, local);
  return local;
}

function placeHour(at: number, timeZone: string): LocalHour {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    if (formatters.size > 50) formatters.clear();
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', weekday: 'short' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  const weekday = (parts.weekday ?? 'Mon').toLowerCase().slice(0, 3) as LocalHour['weekday'];
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) % 24, weekday };
}

/** Whether a site cell passes the filter (staffing cells are never filtered by it). */
export function matches(cell: ReportCell, filter: SummaryFilter): boolean {
  if (filter.siteId !== undefined && cell.scope !== filter.siteId) return false;
  if (filter.language !== undefined && cell.dims.language !== filter.language) return false;
  if (filter.queueId !== undefined && cell.dims.queueId !== filter.queueId) return false;
  return true;
}

/** The group a cell falls in. Time groups sort by their key, so keys are written to sort. */
export function groupKey(cell: ReportCell, groupBy: ReportGrouping, timeZone: string): string {
  switch (groupBy) {
    case 'day':
      return localHour(cell.hour, timeZone).day;
    case 'hour': {
      const local = localHour(cell.hour, timeZone);
      return `${local.day} ${String(local.hour).padStart(2, '0')}:00`;
    }
    case 'hourOfDay':
      return String(localHour(cell.hour, timeZone).hour).padStart(2, '0');
    case 'weekday':
      return localHour(cell.hour, timeZone).weekday;
    case 'site':
      return cell.scope;
    case 'page':
      return cell.dims.page || '-';
    case 'language':
      return cell.dims.language || '-';
    case 'topic':
      return cell.dims.topicId || '-';
    case 'queue':
      return cell.dims.queueId || '-';
    case 'share':
      return cell.dims.share < 0 ? '-' : String(cell.dims.share);
  }
}

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

/** The figures of merged counters. */
export function figuresOf(counts: Readonly<Record<Figure, number>>, targetSeconds: number): ReportFigures {
  const n = (figure: Figure) => counts[figure] ?? 0;
  const waits = histogramOf(counts, 'wait');
  return {
    offered: n(FIGURES.offered),
    started: n(FIGURES.started),
    chatRate: ratio(n(FIGURES.started), n(FIGURES.offered)),
    answered: n(FIGURES.answered),
    abandoned: n(FIGURES.abandoned),
    abandonAvgSeconds: seconds(ratio(n(FIGURES.abandonSum), n(FIGURES.abandoned))),
    transferred: n(FIGURES.transferred),
    requeued: n(FIGURES.requeued),
    leftMessage: n(FIGURES.leftMessage),
    closed: n(FIGURES.closed),
    closedOffers: n(FIGURES.closedOffer),
    waitP50Seconds: percentile(waits, 0.5),
    waitP90Seconds: percentile(waits, 0.9),
    withinTarget: shareWithin(waits, targetSeconds),
    firstResponseAvgSeconds: seconds(ratio(n(FIGURES.firstResponseSum), n(FIGURES.firstResponse))),
    handleAvgSeconds: seconds(ratio(n(FIGURES.handleSum), n(FIGURES.handled))),
    outsideZoneShare: ratio(n(FIGURES.outsideZone), n(FIGURES.zoneKnown)),
    surveys: n(FIGURES.surveys),
    satisfactionAvg: ratio(n(FIGURES.satisfactionSum), n(FIGURES.satisfactionCount)),
  };
}

function languageWaits(counts: Readonly<Record<Figure, number>>, targetSeconds: number): LanguageWaits {
  const histogram = histogramOf(counts, 'wait');
  return {
    answered: counts[FIGURES.answered] ?? 0,
    histogram,
    p50Seconds: percentile(histogram, 0.5),
    p90Seconds: percentile(histogram, 0.9),
    withinTarget: shareWithin(histogram, targetSeconds),
    abandoned: counts[FIGURES.abandoned] ?? 0,
  };
}

/** Counters named `{prefix}:{code}` as a list, most first, then by code. */
function coded(counts: Readonly<Record<Figure, number>>, prefix: string): Array<{ code: string; count: number }> {
  return Object.entries(counts)
    .filter(([figure, count]) => figure.startsWith(`${prefix}:`) && count > 0)
    .map(([figure, count]) => ({ code: figure.slice(prefix.length + 1), count }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}

/** Per agent, from the staffing scope's cells. */
export function staffOf(cells: readonly ReportCell[], names: ReadonlyMap<string, string>): StaffFigures[] {
  const byAgent = new Map<string, Record<Figure, number>>();
  for (const cell of cells) {
    if (cell.scope !== STAFF_SCOPE || cell.dims.agentId === '') continue;
    let counts = byAgent.get(cell.dims.agentId);
    if (counts === undefined) byAgent.set(cell.dims.agentId, (counts = {}));
    addCounts(counts, cell.counts);
  }
  return [...byAgent]
    .map(([agentId, counts]) => {
      const available = counts[FIGURES.availableMinutes] ?? 0;
      const busy = counts[FIGURES.busyMinutes] ?? 0;
      const chats = counts[FIGURES.chatMinutes] ?? 0;
      return {
        agentId,
        name: names.get(agentId) ?? agentId,
        availableMinutes: available,
        busyMinutes: busy,
        chatMinutes: chats,
        occupancy: ratio(busy, available),
        concurrency: ratio(chats, busy),
      };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The report of these cells (every scope's, from the store, for the request's hours): the site
 * cells that pass the filter, merged into groups and in all, and the staffing cells per agent.
 */
export function summarize(
  cells: readonly ReportCell[],
  request: SummaryRequest,
  names: ReadonlyMap<string, string>,
  cost: ReportSummary['cost'],
): ReportSummary {
  const totals: Record<Figure, number> = {};
  const groups = new Map<string, Record<Figure, number>>();
  const byLanguage: Record<Language, Record<Figure, number>> = { en: {}, fr: {} };
  const closedDemand = Array.from({ length: 24 }, (_, hour) => ({ hour, closedOffers: 0, leftMessages: 0 }));
  for (const cell of cells) {
    if (cell.scope === STAFF_SCOPE || !matches(cell, request)) continue;
    addCounts(totals, cell.counts);
    const key = groupKey(cell, request.groupBy, request.timeZone);
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = {}));
    addCounts(group, cell.counts);
    if (cell.dims.language !== '') addCounts(byLanguage[cell.dims.language], cell.counts);
    const closedOffers = cell.counts[FIGURES.closedOffer] ?? 0;
    const left = cell.counts[FIGURES.leftMessage] ?? 0;
    if (closedOffers > 0 || left > 0) {
      const demand = closedDemand[localHour(cell.hour, request.timeZone).hour]!;
      demand.closedOffers += closedOffers;
      demand.leftMessages += left;
    }
  }
  const timeOrder = request.groupBy === 'weekday' ? (key: string) => WEEKDAY_KEYS.indexOf(key as LocalHour['weekday']) : null;
  const sorted = [...groups].sort(([a], [b]) => (timeOrder !== null ? timeOrder(a) - timeOrder(b) : request.groupBy === 'share' ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
  return {
    from: new Date(request.from).toISOString(),
    to: new Date(request.to).toISOString(),
    timeZone: request.timeZone,
    groupBy: request.groupBy,
    targetSeconds: request.targetSeconds,
    totals: figuresOf(totals, request.targetSeconds),
    groups: sorted.map(([key, counts]) => ({ key, figures: figuresOf(counts, request.targetSeconds) })),
    waitBucketsSeconds: [...WAIT_BUCKETS_S],
    waitsByLanguage: { en: languageWaits(byLanguage.en, request.targetSeconds), fr: languageWaits(byLanguage.fr, request.targetSeconds) },
    abandonHistogram: histogramOf(totals, 'abandon'),
    closeReasons: coded(totals, 'close'),
    wrapUps: coded(totals, 'wrapup'),
    closedDemand,
    channelShift: CHANNEL_ALTERNATIVES.map((answer) => ({ answer, count: totals[`channel:${answer}`] ?? 0 })),
    satisfaction: SATISFACTION_SCORES.map((score) => ({ score, count: totals[`satisfaction:${score}`] ?? 0 })),
    staff: staffOf(cells, names),
    cost,
  };
}

