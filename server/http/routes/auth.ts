/**
 * Console sign-in, sign-out and "who am I". Sign-in is rate-limited by the auth service (per
 * address and account, and per address), cluster-wide with Redis.
 */
import { MeResponseSchema, SignInBodySchema, SignInMethodsResponseSchema, SignInResponseSchema } from '../../../protocol/http.js';
import type { Config } from '../../config.js';
import { AppError } from '../../domain/app-error.js';
import { isOriginAllowed } from '../../domain/origin-policy.js';
import type { Services } from '../../services/index.js';
import { agentProfileView } from '../../services/views.js';
import { clearSessionCookie, sessionIdFromRequest, setSessionCookie } from '../session-cookie.js';
import type { ZodFastifyInstance } from '../zod-type-provider.js';

export async function authRoutes(
  app: ZodFastifyInstance,
  { services, config }: { services: Services; config: Config },
): Promise<void> {
  // The console is served from this host; a cookie-carrying request from another origin is refused.
  app.addHook('onRequest', async (request) => {
    if (!isOriginAllowed(request.headers.origin, request.headers.host, [])) {
      throw new AppError('origin_not_allowed', 'Use the console from its own address.');
    }
  });

  // Answers carry personal data and session state, errors say whether a session exists: no
  // browser or shared proxy may keep a copy of any of them.
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  app.post(
    '/api/auth/sign-in',
    {
      schema: { body: SignInBodySchema, response: { 200: SignInResponseSchema } },
    },
    async (request, reply) => {
      if (!config.passwordSignIn) {
        throw new AppError('password_sign_in_off', 'Sign-in with a password is turned off; use single sign-on.');
      }
      const { email, password } = request.body;
      const { agent, session } = await services.auth.signIn(email, password, { address: request.ip }).catch((error: unknown) => {
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

  // Public: the sign-in page asks which ways in to show, before anyone is signed in.
  app.get('/api/auth/methods', { schema: { response: { 200: SignInMethodsResponseSchema } } }, async () => ({
    sso: services.sso !== null,
    password: config.passwordSignIn,
  }));

  app.get('/api/auth/me', { schema: { response: { 200: MeResponseSchema } } }, async (request, reply) => {
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
