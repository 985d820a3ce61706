/**
 * `GET /api/audit.csv`: the whole audit log (every namespace: rollout, accounts, ...) as CSV, for
 * managers only (issue #8 point 5, issue #9 point 6). Signed in by the session cookie, from the
 * console's own origin (a cross-site request is refused, as for sign-in), a few exports a minute
 * per account (each reads the whole log), at most AUDIT_EXPORT_MAX entries (the newest), streamed
 * batch by batch. Cells are formula-safe (auditCsv: a reason typed as `=cmd|...` stays text).
 */
import { Readable } from 'node:stream';
import { AUDIT_EXPORT_MAX } from '../../../protocol/limits.js';
import { AppError } from '../../domain/app-error.js';
import { AUDIT_CSV_COLUMNS, auditCsv } from '../../domain/audit-log.js';
import { isOriginAllowed } from '../../domain/origin-policy.js';
import { AUDIT_EXPORT_RATE_PER_ACCOUNT } from '../../domain/rate-policies.js';
import { hasRole } from '../../domain/roles.js';
import { namesOf } from '../../services/governance-views.js';
import type { Services } from '../../services/index.js';
import { sessionIdFromRequest } from '../session-cookie.js';
import type { ZodFastifyInstance } from '../zod-type-provider.js';

/** The CSV header line auditCsv starts every batch with (written once). */
const HEADER_LINE = `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;

export async function auditRoutes(app: ZodFastifyInstance, { services }: { services: Services }): Promise<void> {
  // The console is served from this host: a cookie-carrying request from another origin is refused,
  // and so is a cross-site navigation (a link on another site), which carries no Origin.
  app.addHook('onRequest', async (request) => {
    if (!isOriginAllowed(request.headers.origin, request.headers.host, []) || request.headers['sec-fetch-site'] === 'cross-site') {
      throw new AppError('origin_not_allowed', 'Use the console from its own address.');
    }
  });

  app.get('/api/audit.csv', async (request, reply) => {
    const { agent } = await services.auth.authenticate(sessionIdFromRequest(app, request));
    if (!hasRole(agent.role, 'manager')) throw new AppError('forbidden', 'Only managers export the audit log.');
    await services.rateLimits.enforce('audit-export', agent.id, AUDIT_EXPORT_RATE_PER_ACCOUNT, 'Too many exports; wait a minute and try again.');
    request.log.info({ agentId: agent.id }, 'audit log exported');

    const names = new Map<string, string>();
    async function* lines(): AsyncGenerator<string> {
      yield HEADER_LINE;
      for await (const batch of services.audit.export(AUDIT_EXPORT_MAX)) {
        const unknown = batch.flatMap((entry) => [entry.actor, entry.approver]).filter((id) => id !== null && !names.has(id));
        for (const [id, name] of await namesOf(services.store, unknown)) names.set(id, name);
        yield auditCsv(batch, (id) => names.get(id) ?? id).slice(HEADER_LINE.length);
      }
    }
    const day = new Date(services.clock.now()).toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${day}.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(lines()));
  });
}
