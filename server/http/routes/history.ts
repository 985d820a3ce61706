/**
 * `GET /api/history/<id>/transcript.txt`: a closed conversation's transcript as plain text, for an
 * access-to-information request (issue #9 point 5), for supervisors and managers only. Signed in
 * by the session cookie, from the console's own origin (a cross-site request is refused, as for
 * the audit export), a few exports a minute per account, at most TRANSCRIPT_MESSAGES_MAX messages.
 * Every export is recorded in the audit log (`history.transcript-exported`).
 */
import { z } from 'zod';
import { AppError } from '../../domain/app-error.js';
import { isOriginAllowed } from '../../domain/origin-policy.js';
import { TRANSCRIPT_EXPORT_RATE_PER_ACCOUNT } from '../../domain/rate-policies.js';
import { hasRole } from '../../domain/roles.js';
import type { Services } from '../../services/index.js';
import { sessionIdFromRequest } from '../session-cookie.js';
import type { ZodFastifyInstance } from '../zod-type-provider.js';

const ParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

export async function historyRoutes(app: ZodFastifyInstance, { services }: { services: Services }): Promise<void> {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/history/')) return;
    if (!isOriginAllowed(request.headers.origin, request.headers.host, []) || request.headers['sec-fetch-site'] === 'cross-site') {
      throw new AppError('origin_not_allowed', 'Use the console from its own address.');
    }
  });

  app.get('/api/history/:id/transcript.txt', { schema: { params: ParamsSchema } }, async (request, reply) => {
    const { agent } = await services.auth.authenticate(sessionIdFromRequest(app, request));
    if (!hasRole(agent.role, 'supervisor')) throw new AppError('forbidden', 'Only supervisors and managers export transcripts.');
    await services.rateLimits.enforce('transcript-export', agent.id, TRANSCRIPT_EXPORT_RATE_PER_ACCOUNT, 'Too many exports; wait a minute and try again.');
    const { conversation, text } = await services.history.transcript(agent, request.params.id);
    request.log.info({ agentId: agent.id, conversationId: conversation.id }, 'transcript exported');
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="transcript-${conversation.id}.txt"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(text);
  });
}
