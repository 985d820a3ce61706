/**
 * Single sign-on's two browser routes (issue #9, point 2). `GET /api/auth/sso/start` keeps the
 * attempt's state, nonce and PKCE verifier in a short-lived signed cookie and sends the browser to
 * the provider; `GET /api/auth/sso/callback` is where the provider sends it back: checked by the
 * SSO service, then the console's session cookie and `/console/`, or the sign-in page with
 * `?sso_error=<code>` (protocol/http.ts, SSO_ERROR_CODES). Both are top-level navigations, so they
 * answer with redirects, never JSON. Both are limited per client address by the service.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SsoErrorCode } from '../../../protocol/http.js';
import type { Config } from '../../config.js';
import { decodeFlow, encodeFlow, SSO_FLOW_TTL_MS } from '../../domain/sso.js';
import type { Services } from '../../services/index.js';
import { SsoRefusal, type SsoService } from '../../services/sso-service.js';
import { setSessionCookie } from '../session-cookie.js';
import type { ZodFastifyInstance } from '../zod-type-provider.js';

/** The attempt's checks, readable only by this route prefix. */
export const SSO_FLOW_COOKIE = 'gc_sso';
const FLOW_COOKIE_PATH = '/api/auth/sso';
const CALLBACK_PATH = '/api/auth/sso/callback';
/** Where a signed-in console starts, and where the sign-in page shows an error. */
const CONSOLE_PATH = '/console/';

export async function ssoRoutes(
  app: ZodFastifyInstance,
  { services, sso, config }: { services: Services; sso: SsoService; config: Config },
): Promise<void> {
  // A redirect carrying a session cookie or the provider's address with a fresh state: no copy anywhere.
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('cache-control', 'no-store');
    reply.header('referrer-policy', 'no-referrer');
    done(null, payload);
  });

  const flowCookie = { path: FLOW_COOKIE_PATH, httpOnly: true, sameSite: 'lax', secure: config.isProduction } as const;

  app.get('/api/auth/sso/start', async (request, reply) => {
    try {
      const { url, flow } = await sso.start(redirectUri(request, config), { address: request.ip });
      reply.setCookie(SSO_FLOW_COOKIE, encodeFlow(flow), { ...flowCookie, signed: true, maxAge: SSO_FLOW_TTL_MS / 1000 });
      return reply.redirect(url, 302);
    } catch (error) {
      return refused(request, reply, error);
    }
  });

  app.get(CALLBACK_PATH, async (request, reply) => {
    // One attempt, one return: whatever happens, the checks are spent.
    reply.clearCookie(SSO_FLOW_COOKIE, flowCookie);
    try {
      const raw = request.cookies[SSO_FLOW_COOKIE];
      const unsigned = raw === undefined ? null : app.unsignCookie(raw);
      const flow = unsigned?.valid === true && unsigned.value !== null ? decodeFlow(unsigned.value, services.clock.now()) : null;
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const { agent, session } = await sso.finish(new URL(redirectUri(request, config) + query), flow, { address: request.ip });
      setSessionCookie(reply, config, session.id);
      request.log.info({ agentId: agent.id }, 'agent signed in through single sign-on');
      return reply.redirect(CONSOLE_PATH, 302);
    } catch (error) {
      return refused(request, reply, error);
    }
  });
}

/**
 * The callback address registered at the provider: PUBLIC_URL's, or this request's host (which
 * the provider checks against the registered redirect URIs, so a forged Host gains nothing).
 */
function redirectUri(request: FastifyRequest, config: Config): string {
  const base = config.publicUrl ?? `${request.protocol}://${request.host}`;
  return base.replace(/\/+$/, '') + CALLBACK_PATH;
}

/** Back to the sign-in page with the reason's code; the details go to the log only. */
function refused(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  if (!(error instanceof SsoRefusal)) throw error;
  const code: SsoErrorCode = error.code;
  request.log.warn({ code, ip: request.ip, cause: describe(error.cause) }, `single sign-on refused: ${error.message}`);
  return reply.redirect(`${CONSOLE_PATH}?sso_error=${code}`, 302);
}

function describe(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}
