/**
 * The persona's avatar over HTTP (issue #10). `POST /api/admin/persona/avatar?site=` uploads a
 * site's image: managers only, signed in by the session cookie, from the console's own origin (a
 * cross-origin or cross-site request is refused, as for the audit export), a few a minute per
 * account, the raw bytes as the body, at most AVATAR_MAX_BYTES, a PNG, JPEG or WebP by its first
 * bytes whatever the request says. `GET /chat/avatar/{siteId}/{hash}` serves it from the chat host:
 * named by its hash, so cached for a year; its sniffed type, `nosniff`, and only to this origin's
 * pages (the chat frame and the console).
 */
import { AvatarParamsSchema, AvatarUploadQuerySchema, AvatarUploadResponseSchema } from '../../../protocol/persona.js';
import { AVATAR_MAX_BYTES } from '../../../protocol/persona-rules.js';
import { AppError } from '../../domain/app-error.js';
import { isOriginAllowed } from '../../domain/origin-policy.js';
import { AVATAR_READ_RATE_PER_ADDRESS, AVATAR_UPLOAD_RATE_PER_ACCOUNT } from '../../domain/rate-policies.js';
import { hasRole } from '../../domain/roles.js';
import type { Services } from '../../services/index.js';
import { sessionIdFromRequest } from '../session-cookie.js';
import type { ZodFastifyInstance } from '../zod-type-provider.js';

/** Whatever type the browser says: the bytes decide. */
const UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/octet-stream'];

export async function personaRoutes(app: ZodFastifyInstance, { services }: { services: Services }): Promise<void> {
  await app.register(async (admin: ZodFastifyInstance) => {
    // The console is served from this host: a cookie-carrying request from another origin is
    // refused, and so is a cross-site one that carries no Origin.
    admin.addHook('onRequest', async (request) => {
      if (!isOriginAllowed(request.headers.origin, request.headers.host, []) || request.headers['sec-fetch-site'] === 'cross-site') {
        throw new AppError('origin_not_allowed', 'Use the console from its own address.');
      }
    });
    admin.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: AVATAR_MAX_BYTES }, (_request, body, done) => done(null, body));

    const schema = { querystring: AvatarUploadQuerySchema, response: { 200: AvatarUploadResponseSchema } };
    admin.post('/api/admin/persona/avatar', { schema, bodyLimit: AVATAR_MAX_BYTES }, async (request, reply) => {
      const { agent } = await services.auth.authenticate(sessionIdFromRequest(admin, request));
      if (!hasRole(agent.role, 'manager')) throw new AppError('forbidden', 'Only managers change a site’s persona.');
      await services.rateLimits.enforce('avatar-upload', agent.id, AVATAR_UPLOAD_RATE_PER_ACCOUNT, 'Too many uploads; wait a minute and try again.');
      if (!Buffer.isBuffer(request.body)) throw new AppError('invalid_payload', 'Send the image as the request body.');
      const image = await services.personas.uploadAvatar(agent, request.query.site, new Uint8Array(request.body));
      reply.header('cache-control', 'no-store');
      return { imageHash: image.imageHash, contentType: image.contentType, bytes: request.body.length };
    });
  });

  app.get('/chat/avatar/:siteId/:imageHash', { schema: { params: AvatarParamsSchema } }, async (request, reply) => {
    await services.rateLimits.enforce('avatar-read', request.ip, AVATAR_READ_RATE_PER_ADDRESS, 'Too many requests; wait a moment and try again.');
    const image = await services.personas.avatar(request.params.siteId, request.params.imageHash);
    if (image === null) throw new AppError('not_found', 'There is no such avatar.');
    return reply
      .type(image.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('cross-origin-resource-policy', 'same-origin')
      .header('content-security-policy', "default-src 'none'")
      .send(Buffer.from(image.base64, 'base64'));
  });
}
