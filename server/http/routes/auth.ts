/**
 * Console sign-in, sign-out and "who am I". Sign-in is rate-limited per address and account: a
 * contact centre's agents often share one public address, so the address alone would lock a whole
 * shift out at 9 a.m.; the pair still stops guessing at any one account.
 */
import type { FastifyInstance } from 'fastify';
import { SignInBodySchema, type MeResponse, type SignInResponse } from '../../../protocol/http.js';
import type { Config } from '../../config.js';
import { AppError } from '../../domain/app-error.js';
import { isOriginAllowed } from '../../domain/origin-policy.js';
import { parseInput } from '../../parse-input.js';
import type { Services } from '../../services/index.js';
import { agentProfileView } from '../../services/views.js';
import { clearSessionCookie, sessionIdFromRequest, setSessionCookie } from '../session-cookie.js';

export async function authRoutes(
  app: FastifyInstance,
  { services, config }: { services: Services; config: Config },
): Promise<void> {
  // The console is served from this host; a cookie-carrying request from another origin is refused.
  app.addHook('onRequest', async (request) => {
    if (!isOriginAllowed(request.headers.origin, request.headers.host, [])) {
      throw new AppError('origin_not_allowed', 'Use the console from its own address.');
    }
  });

  app.post(
    '/api/auth/sign-in',
    {
      config: {
        rateLimit: {
          max: 10,
          timeWindow: '1 minute',
          // After body parsing, so the key can include the account being tried.
          hook: 'preHandler',
          keyGenerator: (request) => `${request.ip}|${emailTried(request.body)}`,
        },
      },
    },
    async (request, reply): Promise<SignInResponse> => {
      const { email, password } = parseInput(SignInBodySchema, request.body);
      const { agent, session } = await services.auth.signIn(email, password).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'invalid_credentials') {
          request.log.warn({ email, ip: request.ip }, 'sign-in refused: wrong email or password');
        }
        throw error;
      });
      setSessionCookie(reply, config, session.id);
      request.log.info({ agentId: agent.id }, 'agent signed in');
      const presence = await services.presence.statusOf(agent.id);
      return { agent: agentProfileView(agent, presence), expiresAt: new Date(session.expiresAt).toISOString() };
    },
  );

  app.get('/api/auth/me', async (request, reply): Promise<MeResponse> => {
    const { agent, session } = await services.auth.authenticate(sessionIdFromRequest(app, request));
    setSessionCookie(reply, config, session.id);
    const presence = await services.presence.statusOf(agent.id);
    return { agent: agentProfileView(agent, presence), expiresAt: new Date(session.expiresAt).toISOString() };
  });

  app.post('/api/auth/sign-out', async (request, reply) => {
    const sessionId = sessionIdFromRequest(app, request);
    if (sessionId !== null) await services.auth.signOut(sessionId);
    clearSessionCookie(reply, config);
    return reply.status(204).send();
  });
}

/** The email a sign-in body names, lower-case, for rate limiting; empty when there is none. */
function emailTried(body: unknown): string {
  const email = (body as { email?: unknown } | null)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : '';
}
