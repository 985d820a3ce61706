/**
 * The Reports page over the console's live connection (supervisors and managers): one summary
 * per filter (`reports:summary`); the CSV of each table is a download from the server
 * (`GET /api/reports/{table}.csv`, the same query as a query string).
 */
import type { ReportQuery, ReportSummary } from '../../protocol/reports.js';
import type { ReportTableId } from '../../protocol/report-tables.js';
import type { ConsoleErrorCode } from './console-types.js';
import type { SendCommand } from './supervision-client.js';

export type ReportAnswer = { ok: true; value: ReportSummary } | { ok: false; code: ConsoleErrorCode };

export class ReportsClient {
  constructor(private readonly send: SendCommand) {}

  async summary(query: ReportQuery): Promise<ReportAnswer> {
    const result = await this.send('reports:summary', query);
    return result.ok ? { ok: true, value: result.summary } : { ok: false, code: result.error.code };
  }
}

/** The address of a table's CSV for this query. */
export function reportCsvUrl(table: ReportTableId, query: ReportQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return `/api/reports/${table}.csv?${params.toString()}`;
}
