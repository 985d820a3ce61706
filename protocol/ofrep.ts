/**
 * OFREP, the OpenFeature Remote Evaluation Protocol (issue #8, point 8), as this service serves it
 * when `OFREP_API_KEY` is set: `POST /ofrep/v1/evaluate/flags/{key}` and the bulk
 * `POST /ofrep/v1/evaluate/flags`, with `Authorization: Bearer <key>`. One flag, `chat-offer`
 * (protocol/rollout-offer.ts), whose value is the offer the loader gets (without the frame address).
 * Shapes as OFREP's specification and `@openfeature/ofrep-core` define them.
 */
import { z } from 'zod';

/** OFREP's error codes (OpenFeature's, less those a server never sends). */
export const OFREP_ERROR_CODES = ['PARSE_ERROR', 'TARGETING_KEY_MISSING', 'INVALID_CONTEXT', 'GENERAL', 'FLAG_NOT_FOUND'] as const;

export const OfrepFlagParamsSchema = z.object({ key: z.string().min(1).max(200) });

/** The request: `{ context }`, checked by the route (a bad one is an OFREP error, not ours). */
export const OfrepRequestSchema = z.unknown();

export const OfrepSuccessSchema = z.object({
  key: z.string(),
  value: z.json(),
  reason: z.string(),
  variant: z.string(),
  metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type OfrepSuccess = z.infer<typeof OfrepSuccessSchema>;

export const OfrepFailureSchema = z.object({
  key: z.string(),
  errorCode: z.enum(OFREP_ERROR_CODES),
  errorDetails: z.string(),
});
export type OfrepFailure = z.infer<typeof OfrepFailureSchema>;

export const OfrepBulkSuccessSchema = z.object({ flags: z.array(z.union([OfrepSuccessSchema, OfrepFailureSchema])) });
export const OfrepBulkFailureSchema = z.object({ errorCode: z.enum(OFREP_ERROR_CODES), errorDetails: z.string() });
