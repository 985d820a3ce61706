/**
 * The Reports page's tables, built from a summary in one place for both the page (which shows
 * them, headed in the reader's language by column id) and the CSV export (headed by column id):
 * so the file is the table. No schema library: the console imports it as a value.
 */
import type { ReportFigures, ReportSummary } from './reports.js';

export const REPORT_TABLES = ['volume', 'service', 'languages', 'waits', 'closed', 'channels', 'satisfaction', 'outcomes', 'staff'] as const;
export type ReportTableId = (typeof REPORT_TABLES)[number];

export type ReportCellValue = string | number | null;

export interface ReportTable {
  id: ReportTableId;
  /** Column ids (the page translates them; the CSV header is them). */
  columns: string[];
  rows: ReportCellValue[][];
}

/** A share (0 to 1) as a percentage with one decimal. */
export function percent(share: number | null): number | null {
  return share === null ? null : Math.round(share * 1000) / 10;
}

/** Seconds, whole. */
export function wholeSeconds(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

function twoDecimals(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}

function shareOf(count: number, all: ReadonlyArray<{ count: number }>): number | null {
  const total = all.reduce((sum, entry) => sum + entry.count, 0);
  return total === 0 ? null : count / total;
}

/** The bucket's label: `≤ 10 s`, the last `> 1800 s`. */
export function bucketLabel(bounds: readonly number[], index: number): string {
  return index < bounds.length ? `<= ${bounds[index]} s` : `> ${bounds[bounds.length - 1]} s`;
}

function volumeRow(key: string, f: ReportFigures): ReportCellValue[] {
  return [key, f.offered, f.started, percent(f.chatRate), f.answered, f.abandoned, f.leftMessage, f.transferred, f.closed];
}

function serviceRow(key: string, f: ReportFigures): ReportCellValue[] {
  return [
    key,
    wholeSeconds(f.waitP50Seconds),
    wholeSeconds(f.waitP90Seconds),
    percent(f.withinTarget),
    wholeSeconds(f.firstResponseAvgSeconds),
    wholeSeconds(f.handleAvgSeconds),
    wholeSeconds(f.abandonAvgSeconds),
    percent(f.outsideZoneShare),
    f.surveys,
    f.satisfactionAvg === null ? null : Math.round(f.satisfactionAvg * 100) / 100,
  ];
}

/** Every table of the page, in its order; each group's rows, then a total row (`total`). */
export function reportTables(summary: ReportSummary): ReportTable[] {
  const { waitsByLanguage: waits } = summary;
  return [
    {
      id: 'volume',
      columns: ['group', 'offered', 'started', 'chat_rate_pct', 'answered', 'abandoned', 'left_message', 'transferred', 'closed'],
      rows: [...summary.groups.map((g) => volumeRow(g.key, g.figures)), volumeRow('total', summary.totals)],
    },
    {
      id: 'service',
      columns: ['group', 'wait_p50_s', 'wait_p90_s', 'within_target_pct', 'first_response_avg_s', 'handle_avg_s', 'abandon_avg_s', 'outside_zone_pct', 'surveys', 'satisfaction_avg'],
      rows: [...summary.groups.map((g) => serviceRow(g.key, g.figures)), serviceRow('total', summary.totals)],
    },
    {
      id: 'languages',
      columns: ['language', 'answered', 'wait_p50_s', 'wait_p90_s', 'within_target_pct', 'abandoned'],
      rows: (['en', 'fr'] as const).map((language) => {
        const w = waits[language];
        return [language, w.answered, wholeSeconds(w.p50Seconds), wholeSeconds(w.p90Seconds), percent(w.withinTarget), w.abandoned];
      }),
    },
    {
      id: 'waits',
      columns: ['wait', 'answered_en', 'answered_fr', 'abandoned'],
      rows: waits.en.histogram.map((count, i) => [bucketLabel(summary.waitBucketsSeconds, i), count, waits.fr.histogram[i] ?? 0, summary.abandonHistogram[i] ?? 0]),
    },
    {
      id: 'closed',
      columns: ['hour', 'closed_offers', 'left_messages'],
      rows: summary.closedDemand.map((d) => [String(d.hour).padStart(2, '0'), d.closedOffers, d.leftMessages]),
    },
    {
      id: 'channels',
      columns: ['answer', 'count', 'share_pct'],
      rows: summary.channelShift.map((c) => [c.answer, c.count, percent(shareOf(c.count, summary.channelShift))]),
    },
    {
      id: 'satisfaction',
      columns: ['score', 'count', 'share_pct'],
      rows: summary.satisfaction.map((s) => [String(s.score), s.count, percent(shareOf(s.count, summary.satisfaction))]),
    },
    {
      id: 'outcomes',
      columns: ['kind', 'code', 'count'],
      rows: [...summary.closeReasons.map((r) => ['close_reason', r.code, r.count]), ...summary.wrapUps.map((w) => ['wrap_up', w.code, w.count])],
    },
    {
      id: 'staff',
      columns: ['agent', 'available_min', 'busy_min', 'chat_min', 'occupancy_pct', 'concurrency'],
      rows: summary.staff.map((s) => [s.name, s.availableMinutes, s.busyMinutes, s.chatMinutes, percent(s.occupancy), twoDecimals(s.concurrency)]),
    },
  ];
}
