/**
 * `GET /api/reports/{table}.csv`: one of the Reports page's tables as CSV (protocol/report-tables.ts:
 * the same rows the page shows, headed by column id), for supervisors and managers. Signed in by
 * the session cookie, from the console's own origin (a cross-site request is refused, as for the
 * audit export), a few exports a minute per account, the range bounded as the page's (93 days of
 * hours, a bounded number of rows). Cells are formula-safe (`csvCell`).
 */
import { z } from 'zod';
import { REPORT_TABLES } from '../../../protocol/report-tables.js';
import { ReportCsvQuerySchema } from '../../../protocol/reports.js';
import { AppError } from '../../domain/app-error.js';
import { isOriginAllowed } from '../../domain/origin-policy.js';
import { REPORT_EXPORT_RATE_PER_ACCOUNT } from '../../domain/rate-policies.js';
import { hasRole } from '../../domain/roles.js';
import type { Services } from '../../services/index.js';
import { sessionIdFromRequest } from '../session-cookie.js';
import type { ZodFastifyInstance } from '../zod-type-provider.js';

const ParamsSchema = z.object({ table: z.enum(REPORT_TABLES.map((id) => `${id}.csv`) as [`${(typeof REPORT_TABLES)[number]}.csv`]) });

export async function reportRoutes(app: ZodFastifyInstance, { services }: { services: Services }): Promise<void> {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/reports/')) return;
    if (!isOriginAllowed(request.headers.origin, request.headers.host, []) || request.headers['sec-fetch-site'] === 'cross-site') {
      throw new AppError('origin_not_allowed', 'Use the console from its own address.');
    }
  });

  app.get('/api/reports/:table', { schema: { params: ParamsSchema, querystring: ReportCsvQuerySchema } }, async (request, reply) => {
    const { agent } = await services.auth.authenticate(sessionIdFromRequest(app, request));
    if (!hasRole(agent.role, 'supervisor')) throw new AppError('forbidden', 'Only supervisors and managers export reports.');
    await services.rateLimits.enforce('report-export', agent.id, REPORT_EXPORT_RATE_PER_ACCOUNT, 'Too many exports; wait a minute and try again.');
    const query = request.query;
    const tableId = request.params.table.slice(0, -'.csv'.length) as (typeof REPORT_TABLES)[number];
    const csv = await services.reports.csv(
      agent,
      {
        from: Date.parse(query.from),
        to: Date.parse(query.to),
        groupBy: query.groupBy,
        timeZone: query.timeZone,
        targetSeconds: query.targetSeconds,
        siteId: query.siteId,
        language: query.language,
        queueId: query.queueId,
      },
      tableId,
    );
    request.log.info({ agentId: agent.id, table: tableId }, 'report exported');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="report-${tableId}-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}.csv"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });
}
