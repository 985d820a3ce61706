/**
 * `GET /metrics`: Prometheus's text exposition of this node (server/services/metrics-service.ts).
 *
 * Who may call: registered on the main port only when METRICS_TOKEN is set, for callers sending
 * `Authorization: Bearer <token>` (compared in constant time); and/or on a listener of its own
 * (METRICS_PORT, on METRICS_HOST: loopback unless set), which only the scraper's network reaches,
 * and which asks for the token too when one is set. Neither set: no route (404), production included.
 * How often: METRICS_SCRAPE_RATE per node for callers let in, counted in the process, so that a
 * scrape answers while the store is away; wrong tokens, METRICS_BAD_TOKEN_RATE_PER_ADDRESS.
 * How large: bounded by the labels, which never carry a visitor, conversation or agent id.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../domain/app-error.js';
import { takeToken, type TokenBucket } from '../../domain/rate-limit.js';
import { METRICS_BAD_TOKEN_RATE_PER_ADDRESS, METRICS_SCRAPE_RATE } from '../../domain/rate-policies.js';
import type { Services } from '../../services/index.js';
import type { MetricsService } from '../../services/metrics-service.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

export async function metricsRoutes(
  app: FastifyInstance,
  { services, metrics, token }: { services: Services; metrics: MetricsService; token: string | undefined },
): Promise<void> {
  const expected = token === undefined ? null : digest(token);
  let bucket: TokenBucket | undefined;

  app.get('/metrics', async (request, reply) => {
    if (expected !== null) {
      const header = request.headers.authorization ?? '';
      const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
      // Hashes of equal length, compared in constant time: the token's length leaks nothing either.
      if (!timingSafeEqual(digest(given), expected)) {
        await services.rateLimits.enforce('metrics-bad-token', request.ip, METRICS_BAD_TOKEN_RATE_PER_ADDRESS, 'Too many wrong metrics tokens; wait a minute.');
        throw new AppError('unauthenticated', '/metrics needs Authorization: Bearer <METRICS_TOKEN>.');
      }
    }
    const taken = takeToken(bucket, METRICS_SCRAPE_RATE, Date.now());
    bucket = taken.bucket;
    if (!taken.allowed) throw new AppError('rate_limited', 'Too many scrapes; Prometheus needs one every few seconds at most.');
    const { contentType, body } = await metrics.scrape();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}
