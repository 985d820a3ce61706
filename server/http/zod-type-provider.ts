/**
 * Routes declare zod schemas (from protocol/http.ts) for their body, querystring and responses.
 * Requests are parsed with them before the handler runs, and responses are parsed before they are
 * sent, so that a field a schema does not declare (a password hash, a session id) never leaves the
 * server. Our own rather than `fastify-type-provider-zod`, whose peer dependencies
 * (@fastify/swagger, openapi-types) we do not want.
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifySchemaCompiler,
  FastifySerializerCompiler,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { z } from 'zod';
import { AppError } from '../domain/app-error.js';
import { describeIssues } from '../describe-issues.js';

/** Types `request.body` and `request.query` as their schema's output, and replies as their schema's input. */
export interface ZodTypeProvider extends FastifyTypeProvider {
  readonly validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  readonly serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

/** The instance a route plugin receives, with requests and replies typed from its routes' zod schemas. */
export type ZodFastifyInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Parses a request part with its schema; the parsed (trimmed, coerced) value replaces the input. */
export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, method, url, httpPart }) => {
  const zodSchema = requireZod(schema, `the ${httpPart ?? 'request'} schema of ${method} ${url}`);
  return (data: unknown) => {
    const result = zodSchema.safeParse(data);
    // An AppError goes to the error handler as it is: `invalid_payload`, 400, saying what is wrong.
    return result.success ? { value: result.data } : { error: new AppError('invalid_payload', describeIssues(result.error)) };
  };
};

/** Parses a response with its schema (zod objects drop undeclared keys), then encodes it as JSON. */
export const zodSerializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, method, url, httpStatus }) => {
  const zodSchema = requireZod(schema, `the ${httpStatus ?? ''} response schema of ${method} ${url}`);
  return (data: unknown) => {
    const result = zodSchema.safeParse(data);
    if (result.success) return JSON.stringify(result.data);
    // A bug on our side: the error handler logs this and answers `internal`, sending none of the data.
    throw new Error(`The ${httpStatus ?? ''} response of ${method} ${url} does not fit its schema: ${describeIssues(result.error)}`);
  };
};

/** Makes every route of `app` validate and serialize with its zod schemas. Call once, before routes. */
export function useZodSchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(zodSerializerCompiler);
}

/** Fails at start-up, naming the route, when a schema is not a zod schema (a JSON Schema, say). */
function requireZod(schema: unknown, what: string): z.ZodType {
  if (schema instanceof z.ZodType) return schema;
  throw new TypeError(`${what} is not a zod schema.`);
}
