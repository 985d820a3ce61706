/**
 * `POST /api/widget/transcript`: the citizen's own transcript (issue #10, "After the chat"), during
 * the chat or after it, in the chat's language, with the organisation, the reference and the
 * site's time zone (written by server/domain/transcript.ts, as History's export is).
 *
 * - Only the chat app on this server's own origin asks (an `Origin` header naming this host, never
 *   a cross-site request), and only for the conversation its token opens: the same check as the
 *   `/visitor` handshake (`authenticateVisitor`), so nobody reads another visitor's chat.
 * - The token travels in a JSON body: never in an address, so never in a log or the history.
 * - Limited per client address before the token is looked at, then per conversation, on every node.
 * - At most CITIZEN_TRANSCRIPT_MESSAGES_MAX messages; body at most 1 KB.
 * - `text/plain` with `nosniff` (never read as HTML), an attachment, and never cached.
 */
import { CitizenTranscriptBodySchema } from '../../../protocol/http.js';
import { AppError } from '../../domain/app-error.js';
import { isOriginAllowed } from '../../domain/origin-policy.js';
import { CITIZEN_TRANSCRIPT_RATE_PER_ADDRESS, CITIZEN_TRANSCRIPT_RATE_PER_CONVERSATION } from '../../domain/rate-policies.js';
import type { Services } from '../../services/index.js';
import type { ZodFastifyInstance } from '../zod-type-provider.js';

const BODY_LIMIT_BYTES = 1024;

export async function widgetTranscriptRoutes(app: ZodFastifyInstance, { services }: { services: Services }): Promise<void> {
  app.post('/api/widget/transcript', { schema: { body: CitizenTranscriptBodySchema }, bodyLimit: BODY_LIMIT_BYTES }, async (request, reply) => {
    const { origin, host } = request.headers;
    if (origin === undefined || !isOriginAllowed(origin, host, []) || request.headers['sec-fetch-site'] === 'cross-site') {
      throw new AppError('origin_not_allowed', 'Download the transcript from the chat window.');
    }
    await services.rateLimits.enforce('citizen-transcript', request.ip, CITIZEN_TRANSCRIPT_RATE_PER_ADDRESS, 'Too many downloads; wait a minute and try again.');
    const conversation = await services.conversations.authenticateVisitor(request.body.site, request.body.token);
    await services.rateLimits.enforce(
      'citizen-transcript-chat',
      conversation.id,
      CITIZEN_TRANSCRIPT_RATE_PER_CONVERSATION,
      'Too many downloads of this chat; wait a minute and try again.',
    );
    const { text } = await services.transcripts.forCitizen(conversation);
    // The reference has only letters, digits and a dash: safe in the header as it is.
    const name = `${conversation.language === 'fr' ? 'transcription' : 'transcript'}-${conversation.reference}.txt`;
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(text);
  });
}
