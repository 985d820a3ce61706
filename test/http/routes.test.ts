/** HTTP routes through the real server, with Fastify's inject (no socket needed). */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInResponseSchema, type SignInResponse } from '../../protocol/http.js';
import type { AgentProfile } from '../../protocol/models.js';
import { createServer } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { SESSION_COOKIE } from '../../server/http/session-cookie.js';
import type { ZodTypeProvider } from '../../server/http/zod-type-provider.js';
import { ManualClock } from '../support/manual-clock.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

describe('HTTP routes', () => {
  let test: TestServer;
  const clock = new ManualClock();
  const inject = (options: InjectOptions) => test.server.app.inject(options);

  beforeAll(async () => {
    test = await startTestServer({ SESSION_TTL_MINUTES: '30' }, { clock });
  });
  afterAll(() => test.close());

  const signIn = async (password = MANAGER.password) =>
    inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: MANAGER.email, password } });

  describe('health', () => {
    it('says the process is alive and ready, without naming its store', async () => {
      expect((await inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
      expect((await inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
    });
  });

  describe('sign-in', () => {
    it('signs in with the right password and sets a signed, httpOnly, SameSite cookie', async () => {
      const response = await signIn();
      expect(response.statusCode).toBe(200);
      expect(response.json().agent).toMatchObject({ email: MANAGER.email, role: 'manager' });
      expect(response.json().agent).not.toHaveProperty('passwordHash');
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toContain(`${SESSION_COOKIE}=`);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
    });

    it('refuses a wrong password and an unknown email with the same answer', async () => {
      const wrong = await signIn('not-the-password');
      const unknown = await inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'no@example.test', password: 'x' } });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toEqual({ error: { code: 'invalid_credentials', message: expect.any(String) } });
      expect(unknown.json()).toEqual(wrong.json());
      expect(wrong.headers['set-cookie']).toBeUndefined();
    });

    it('answers malformed JSON, a wrong shape and a missing body with invalid_payload', async () => {
      const malformed = await inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        headers: { 'content-type': 'application/json' },
        payload: '{"email":',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.code).toBe('invalid_payload');
      const wrongShape = await inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 42 } });
      expect(wrongShape.statusCode).toBe(400);
      expect(wrongShape.json().error.code).toBe('invalid_payload');
      const notEmail = await inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'nope', password: 'x' } });
      expect(notEmail.json().error.message).toMatch(/email/i);
    });

    it('answers an oversized body with payload_too_large', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: MANAGER.email, password: 'x'.repeat(100_000) },
      });
      expect(response.statusCode).toBe(413);
      expect(response.json().error.code).toBe('payload_too_large');
    });

    it('limits sign-in attempts per address and account, without locking out colleagues', async () => {
      const attempt = (email: string) =>
        inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password: 'guess' }, remoteAddress: '10.0.0.7' });
      const statuses = [];
      for (let i = 0; i < 11; i++) statuses.push((await attempt('target@example.test')).statusCode);
      expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
      expect(statuses[10]).toBe(429);
      expect((await attempt('target@example.test')).json().error.code).toBe('rate_limited');
      expect((await attempt('colleague@example.test')).statusCode).toBe(401);
    });

    it('refuses a cookie-carrying request from another origin', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        headers: { origin: 'https://evil.example' },
        payload: { email: MANAGER.email, password: MANAGER.password },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('origin_not_allowed');
    });
  });

  describe('sessions', () => {
    const cookieFrom = (response: Awaited<ReturnType<typeof signIn>>) => String(response.headers['set-cookie']).split(';')[0]!;

    it('knows who is signed in, and nobody without a cookie or with a forged one', async () => {
      const cookie = cookieFrom(await signIn());
      expect((await inject({ url: '/api/auth/me', headers: { cookie } })).json().agent.email).toBe(MANAGER.email);
      expect((await inject({ url: '/api/auth/me' })).json().error.code).toBe('unauthenticated');
      const forged = cookie.replace(/=.*/, '=made-up-session.bad-signature');
      expect((await inject({ url: '/api/auth/me', headers: { cookie: forged } })).statusCode).toBe(401);
    });

    it('expires an unused session and says so', async () => {
      const cookie = cookieFrom(await signIn());
      clock.advance(31 * 60_000);
      const response = await inject({ url: '/api/auth/me', headers: { cookie } });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('session_expired');
    });

    it('ends the session on sign-out', async () => {
      const cookie = cookieFrom(await signIn());
      expect((await inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie } })).statusCode).toBe(204);
      expect((await inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
    });
  });

  describe('widget', () => {
    const offer = (query: string, headers: Record<string, string> = {}) => inject({ url: `/api/widget/offer?${query}`, headers });
    const page = encodeURIComponent('http://127.0.0.1/contact');
    const visitor = 'visitor-0123456789abcdef';

    it('offers chat on the demo site, with the frame address, the features, the topics and the stickiness', async () => {
      const response = await offer(`site=demo&page=${page}&lang=en&visitor=${visitor}`, { host: 'chat.example', origin: 'http://chat.example' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        offered: true,
        state: 'offered',
        reason: null,
        features: { transcript: true, survey: true, leave_message: true, self_service: true },
        topicIds: expect.arrayContaining(['benefits']),
        busy: null,
        stickiness: 'session',
        frameUrl: expect.stringMatching(/^\/chat\/frame\?site=demo&lang=en&parent=.*&visitor=visitor-0123456789abcdef$/),
      });
      expect(response.headers['access-control-allow-origin']).toBe('http://chat.example');
    });

    it('refuses an origin the site does not list, an unknown site and a bad query', async () => {
      const foreign = await offer(`site=demo&page=${page}&lang=en&visitor=${visitor}`, { origin: 'https://evil.example' });
      expect(foreign.statusCode).toBe(403);
      expect(foreign.json().error.code).toBe('origin_not_allowed');
      expect((await offer(`site=nope&page=${page}&lang=en&visitor=${visitor}`)).json().error.code).toBe('not_found');
      expect((await offer(`site=demo&page=not-a-url&lang=xx&visitor=${visitor}`)).json().error.code).toBe('invalid_payload');
    });

    it('refuses a missing or malformed visitor id with 400, and counts nothing for it', async () => {
      const { services } = test.server;
      const day = new Date(services.clock.now()).toISOString().slice(0, 10);
      await services.offers.flush();
      const before = await services.store.exposure.read('demo', day);
      const bad = ['', 'short', 'x'.repeat(65), 'has spaces in it here', 'semi;colons;are;not;ok', encodeURIComponent('ünïcödé-ünïcödé-ünïcödé')];
      for (const id of bad) {
        const response = await offer(`site=demo&page=${page}&lang=en&visitor=${id}`);
        expect(response.statusCode, id).toBe(400);
        expect(response.json().error.code).toBe('invalid_payload');
      }
      expect((await offer(`site=demo&page=${page}&lang=en`)).statusCode).toBe(400);
      expect((await offer(`site=demo&page=${page}&lang=en&visitor=${visitor}&resume=yes`)).statusCode).toBe(400);
      await services.offers.flush();
      expect(await services.store.exposure.read('demo', day)).toEqual(before);
    });

    it('tells an outdated loader so', async () => {
      const response = await offer(`site=demo&page=${page}&lang=en&visitor=${visitor}&v=0`);
      expect(response.json().error.code).toBe('client_outdated');
    });

    it('serves the chat frame only to allowed parents, with frame-ancestors from the site', async () => {
      const parent = encodeURIComponent('http://chat.example');
      const framed = await inject({ url: `/chat/frame?site=demo&lang=fr&parent=${parent}`, headers: { host: 'chat.example' } });
      expect(framed.statusCode).toBe(200);
      expect(framed.headers['content-security-policy']).toContain("frame-ancestors 'self'");
      expect(framed.body).toContain('<div id="app">');
      const evil = await inject({
        url: `/chat/frame?site=demo&lang=fr&parent=${encodeURIComponent('https://evil.example')}`,
        headers: { host: 'chat.example' },
      });
      expect(evil.statusCode).toBe(403);
    });

    it('describes the site for the start form: names and topics in both languages', async () => {
      const response = await inject({ url: '/api/widget/site?site=demo' });
      expect(response.json().name).toEqual({ en: 'Northvale Public Services', fr: 'Services publics de Northvale' });
      expect(response.json().topics[0]).toEqual({ id: 'benefits', label: { en: 'Benefits and payments', fr: 'Prestations et paiements' } });
    });

    it("serves the chat app's assets compressed, cached for good, and loadable inside other sites", async () => {
      const frame = await inject({ url: `/chat/frame?site=demo&lang=en&parent=${encodeURIComponent('http://chat.example')}`, headers: { host: 'chat.example' } });
      const script = /src="(\/chat\/assets\/[^"]+\.js)"/.exec(frame.body)?.[1];
      expect(script).toBeDefined();
      const asset = await inject({ url: script!, headers: { 'accept-encoding': 'br, gzip' } });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['content-encoding']).toBe('br');
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.headers['cross-origin-resource-policy']).toBe('cross-origin');
    });

    it('serves the loader as JavaScript with a short cache', async () => {
      const response = await inject({ url: '/widget.js' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/javascript/);
      expect(response.headers['cache-control']).toBe('public, max-age=300');
    });
  });

  describe('pages', () => {
    it('serves the demo page in English and French, and the console', async () => {
      const english = await inject({ url: '/' });
      expect(english.body).toContain('<html lang="en">');
      expect(english.body).toContain('data-site="demo"');
      expect((await inject({ url: '/fr/' })).body).toContain('<html lang="fr">');
      const console = await inject({ url: '/console' });
      expect(console.statusCode).toBe(200);
      expect(console.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    });

    it('answers an unknown address with the one error shape', async () => {
      const response = await inject({ url: '/api/nothing-here' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    });
  });
  describe('schemas', () => {
    it('answers a bad query or body with invalid_payload and what is wrong, in one line', async () => {
      const query = await inject({ url: '/api/widget/offer?site=demo&page=not-a-url&lang=en&visitor=visitor-0123456789abcdef' });
      expect(query.statusCode).toBe(400);
      expect(query.json()).toEqual({ error: { code: 'invalid_payload', message: 'page: Must be an http or https address.' } });
      const body = await inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: MANAGER.email } });
      expect(body.statusCode).toBe(400);
      expect(body.json()).toEqual({ error: { code: 'invalid_payload', message: expect.stringMatching(/^password: /) } });
    });

    it('hands the route the parsed value: a padded, upper-case email signs in', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: `  ${MANAGER.email.toUpperCase()} `, password: MANAGER.password },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().agent.email).toBe(MANAGER.email);
    });

    it('sends only the fields a response schema declares, and never a response that does not fit it', async () => {
      // A throwaway server, since routes cannot be added to one that is listening.
      const server = await createServer(loadConfig({ NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent' }));
      try {
        const profile: AgentProfile = {
          id: 'a1',
          email: 'a@example.test',
          displayName: 'A',
          publicName: { approved: null, request: null },
          role: 'agent',
          status: 'offline',
          maxConcurrentChats: 3,
          awayReason: null,
          languages: ['en'],
        };
        const stored = { agent: { ...profile, passwordHash: 'scrypt$secret' }, expiresAt: '2030-01-01T00:00:00.000Z', sessionId: 's1' };
        const routes = server.app.withTypeProvider<ZodTypeProvider>();
        const schema = { response: { 200: SignInResponseSchema } };
        routes.get('/test/leaky', { schema }, async () => stored);
        // A handler bug the types would catch; the cast stands in for an untyped value from a store.
        routes.get('/test/broken', { schema }, async () => ({ agent: { ...profile, role: 'root' }, expiresAt: 'soon' }) as unknown as SignInResponse);

        const leaky = await server.app.inject({ url: '/test/leaky' });
        expect(leaky.statusCode).toBe(200);
        expect(leaky.json()).toEqual({ agent: profile, expiresAt: '2030-01-01T00:00:00.000Z' });
        expect(leaky.body).not.toContain('secret');

        const broken = await server.app.inject({ url: '/test/broken' });
        expect(broken.statusCode).toBe(500);
        expect(broken.json()).toEqual({ error: { code: 'internal', message: expect.any(String) } });
        expect(broken.body).not.toContain('root');
      } finally {
        await server.close();
      }
    });

    it('answers sign-in with exactly the declared profile fields', async () => {
      const response = await signIn();
      expect(Object.keys(response.json()).sort()).toEqual(['agent', 'expiresAt']);
      expect(Object.keys(response.json().agent).sort()).toEqual(
        ['awayReason', 'displayName', 'email', 'id', 'languages', 'maxConcurrentChats', 'publicName', 'role', 'status'],
      );
    });
  });

  describe('headers', () => {
    it('sends nosniff on every response: JSON, the loader, pages, assets, errors and unknown addresses', async () => {
      const urls = ['/healthz', '/widget.js', '/console', '/api/widget/offer?site=nope', '/api/nothing-here', '/nothing-here'];
      for (const url of urls) {
        expect((await inject({ url })).headers['x-content-type-options'], url).toBe('nosniff');
      }
      const signedOut = await inject({ url: '/api/auth/me' });
      expect(signedOut.statusCode).toBe(401);
      expect(signedOut.headers['x-content-type-options']).toBe('nosniff');
      const frame = await inject({ url: `/chat/frame?site=demo&lang=en&parent=${encodeURIComponent('http://chat.example')}`, headers: { host: 'chat.example' } });
      const asset = /src="(\/chat\/assets\/[^"]+\.js)"/.exec(frame.body)?.[1];
      expect((await inject({ url: asset! })).headers['x-content-type-options']).toBe('nosniff');
    });

    it('marks every /api/auth/* answer no-store, errors included', async () => {
      const signedIn = await signIn();
      const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
      const responses = [
        signedIn,
        await signIn('not-the-password'),
        await inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 42 } }),
        await inject({ method: 'POST', url: '/api/auth/sign-in', headers: { origin: 'https://evil.example' }, payload: {} }),
        await inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: MANAGER.email, password: 'x'.repeat(100_000) } }),
        await inject({ url: '/api/auth/me', headers: { cookie } }),
        await inject({ url: '/api/auth/me' }),
        await inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie } }),
      ];
      expect(responses.map((response) => response.statusCode)).toEqual([200, 401, 400, 403, 413, 200, 401, 204]);
      for (const response of responses) expect(response.headers['cache-control']).toBe('no-store');
    });

    it('sends no Strict-Transport-Security outside production (the demo runs on plain http)', async () => {
      for (const url of ['/healthz', '/', '/api/nothing-here']) {
        expect((await inject({ url })).headers['strict-transport-security'], url).toBeUndefined();
      }
    });
  });

  describe("Fastify's own errors", () => {
    it('answers a malformed percent-encoded path with invalid_payload', async () => {
      for (const path of ['/%E0%A4%A', '/%']) {
        const response = await fetch(`${test.url}${path}`);
        expect(response.status, path).toBe(400);
        expect(await response.json()).toEqual({ error: { code: 'invalid_payload', message: expect.any(String) } });
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      }
    });

    it('answers a wrong content type, malformed JSON and an oversized body in the one error shape', async () => {
      const wrongType = await inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'email=a',
      });
      expect(wrongType.statusCode).toBe(400);
      expect(wrongType.json()).toEqual({ error: { code: 'invalid_payload', message: 'Send the body as application/json.' } });
      const malformed = await inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        headers: { 'content-type': 'application/json' },
        payload: '{"email":',
      });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json()).toEqual({ error: { code: 'invalid_payload', message: expect.any(String) } });
      const oversized = await inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: MANAGER.email, password: 'x'.repeat(100_000) },
      });
      expect(oversized.statusCode).toBe(413);
      expect(oversized.json()).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
      for (const response of [wrongType, malformed, oversized]) {
        expect(response.headers['x-content-type-options']).toBe('nosniff');
      }
    });
  });
});

describe('HTTP in production', () => {
  let test: TestServer;
  const inject = (options: InjectOptions) => test.server.app.inject(options);

  beforeAll(async () => {
    test = await startTestServer({ NODE_ENV: 'production', RETENTION_DAYS: '1' });
  });
  afterAll(() => test.close());

  it('sends Strict-Transport-Security on every response', async () => {
    const signIn = await inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: MANAGER.email, password: MANAGER.password } });
    expect(signIn.statusCode).toBe(200);
    const responses = [signIn, await inject({ url: '/readyz' }), await inject({ url: '/console' }), await inject({ url: '/api/nothing-here' })];
    for (const response of responses) {
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    }
    const badUrl = await fetch(`${test.url}/%`);
    expect(badUrl.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('does not serve the demo page: / and /fr/ lead to the console', async () => {
    for (const url of ['/', '/fr/', '/fr']) {
      const response = await inject({ url });
      expect(response.statusCode, url).toBe(302);
      expect(response.headers.location, url).toBe('/console');
    }
  });
});
