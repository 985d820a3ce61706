/**
 * OFREP (protocol/ofrep.ts), registered only when `OFREP_API_KEY` is set (otherwise 404): a host
 * site's server, or any OpenFeature client with the OFREP provider, asks the same question the
 * loader asks and gets the same answer, from the same OpenFeature client and provider.
 *
 * Who may call: holders of the key (`Authorization: Bearer <key>`, compared in constant time).
 * How often: OFREP_RATE_PER_ADDRESS per client address, and far fewer wrong keys. How large: a
 * body of at most OFREP_BODY_MAX bytes; one flag, so the bulk answer is one entry.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { EvaluationContext, EvaluationDetails, JsonValue } from '@openfeature/server-sdk';
import {
  OfrepBulkFailureSchema,
  OfrepBulkSuccessSchema,
  OfrepFailureSchema,
  OfrepFlagParamsSchema,
  OfrepRequestSchema,
  OfrepSuccessSchema,
  type OfrepFailure,
  type OfrepSuccess,
} from '../../../protocol/ofrep.js';
import { CHAT_OFFER_FLAG, type ChatOffer } from '../../../protocol/rollout-offer.js';
import { AppError } from '../../domain/app-error.js';
import { OFREP_BAD_KEY_RATE_PER_ADDRESS, OFREP_RATE_PER_ADDRESS } from '../../domain/rate-policies.js';
import type { Services } from '../../services/index.js';
import type { ZodFastifyInstance } from '../zod-type-provider.js';

/** Largest request body: a context of four short attributes fits many times over. */
const OFREP_BODY_MAX = 8 * 1024;

/** Never sent: what the client returns when the provider fails (the answer is then an error). */
const UNDECIDED = { offered: false } as const;

const STATUS_OF_ERROR: Record<OfrepFailure['errorCode'], 400 | 404 | 500> = {
  PARSE_ERROR: 400,
  TARGETING_KEY_MISSING: 400,
  INVALID_CONTEXT: 400,
  FLAG_NOT_FOUND: 404,
  GENERAL: 500,
};

const digest = (value: string) => createHash('sha256').update(value).digest();

export async function ofrepRoutes(app: ZodFastifyInstance, { services, apiKey }: { services: Services; apiKey: string }): Promise<void> {
  const expected = digest(apiKey);

  app.addHook('onRequest', async (request) => {
    await services.rateLimits.enforce('ofrep', request.ip, OFREP_RATE_PER_ADDRESS, 'Too many OFREP requests; wait a moment.');
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    // Hashes of equal length, compared in constant time: the key's length leaks nothing either.
    if (!timingSafeEqual(digest(given), expected)) {
      await services.rateLimits.enforce('ofrep-bad-key', request.ip, OFREP_BAD_KEY_RATE_PER_ADDRESS, 'Too many wrong OFREP keys; wait a moment.');
      throw new AppError('unauthenticated', 'OFREP needs Authorization: Bearer <key>.');
    }
  });

  /** Evaluates one flag for a request body; an OFREP failure for a bad body or context. */
  const evaluate = async (key: string, body: unknown): Promise<OfrepSuccess | OfrepFailure> => {
    const context = contextOf(body);
    if (typeof context === 'string') return { key, errorCode: 'INVALID_CONTEXT', errorDetails: context };
    if (context.targetingKey === undefined) return { key, errorCode: 'TARGETING_KEY_MISSING', errorDetails: 'The context needs targetingKey: the visitor id.' };
    const details: EvaluationDetails<JsonValue> = await services.offerFlags.client.getObjectDetails(key, UNDECIDED, context);
    if (details.errorCode !== undefined) {
      const known = details.errorCode in STATUS_OF_ERROR ? (details.errorCode as OfrepFailure['errorCode']) : 'GENERAL';
      // A general failure (the store away) is not described to the caller; the log has it.
      return { key, errorCode: known, errorDetails: known === 'GENERAL' ? 'The flag could not be evaluated; try again.' : (details.errorMessage ?? known) };
    }
    const offer = details.value as unknown as ChatOffer;
    return { key, value: offer, reason: details.reason ?? 'TARGETING_MATCH', variant: details.variant ?? offer.state, metadata: {} };
  };

  const single = {
    bodyLimit: OFREP_BODY_MAX,
    schema: { params: OfrepFlagParamsSchema, body: OfrepRequestSchema, response: { 200: OfrepSuccessSchema, 400: OfrepFailureSchema, 404: OfrepFailureSchema, 500: OfrepFailureSchema } },
  };
  app.post('/ofrep/v1/evaluate/flags/:key', single, async (request, reply) => {
    const result = await evaluate(request.params.key, request.body);
    reply.header('cache-control', 'no-store');
    if ('errorCode' in result) return reply.status(STATUS_OF_ERROR[result.errorCode]).send(result);
    return result;
  });

  const bulk = {
    bodyLimit: OFREP_BODY_MAX,
    schema: { body: OfrepRequestSchema, response: { 200: OfrepBulkSuccessSchema, 400: OfrepBulkFailureSchema, 500: OfrepBulkFailureSchema } },
  };
  app.post('/ofrep/v1/evaluate/flags', bulk, async (request, reply) => {
    const result = await evaluate(CHAT_OFFER_FLAG, request.body);
    reply.header('cache-control', 'no-store');
    // A context that fits no flag fails the whole request; a flag that fails alone is listed.
    if ('errorCode' in result && result.errorCode !== 'GENERAL') {
      return reply.status(400).send({ errorCode: result.errorCode, errorDetails: result.errorDetails });
    }
    if ('errorCode' in result) return reply.status(500).send({ errorCode: result.errorCode, errorDetails: result.errorDetails });
    return { flags: [result] };
  });
}

/** The request's context as OpenFeature takes it, or why it is not one. */
function contextOf(body: unknown): EvaluationContext | string {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) return 'The body must be a JSON object: { "context": { … } }.';
  const context = (body as { context?: unknown }).context;
  if (context === undefined) return {};
  if (context === null || typeof context !== 'object' || Array.isArray(context)) return 'context must be an object.';
  const entries = Object.entries(context);
  if (entries.length > 20) return 'context has too many attributes.';
  for (const [name, value] of entries) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) return `context.${name} must be a string, a number or true/false.`;
  }
  return Object.fromEntries(entries) as EvaluationContext;
}
