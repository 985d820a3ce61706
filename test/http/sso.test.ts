/**
 * Single sign-on against a real OpenID Connect provider started here (`oidc-provider`, issue #9
 * point 2): the code flow with PKCE, state and nonce, a verified email mapped to an existing active
 * account, and every way it must refuse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFlow, encodeFlow } from '../../server/domain/sso.js';
import { SSO_FLOW_COOKIE } from '../../server/http/routes/sso.js';
import { SESSION_COOKIE } from '../../server/http/session-cookie.js';
import { CookieJar, listenTestProvider, OIDC_CLIENT, signInAt, type TestProvider } from '../support/oidc-provider.js';
import { MANAGER, startTestServer, type TestServer } from '../support/test-server.js';

const AGENT = { email: 'former@example.test', displayName: 'Former Agent', role: 'agent' as const, password: 'a-long-enough-password' };

describe('single sign-on', () => {
  let provider: TestProvider;
  let chat: TestServer;

  beforeAll(async () => {
    provider = await listenTestProvider();
    chat = await startTestServer({ OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: OIDC_CLIENT.id, OIDC_CLIENT_SECRET: OIDC_CLIENT.secret });
    provider.start(`${chat.url}/api/auth/sso/callback`);
    provider.people.set('lead', { email: MANAGER.email.toUpperCase(), email_verified: true });
    provider.people.set('stranger', { email: 'nobody-here@example.test', email_verified: true });
    provider.people.set('unverified', { email: MANAGER.email, email_verified: false });
    provider.people.set('no-email', { email_verified: true });
    provider.people.set('former', { email: AGENT.email, email_verified: true });
  });

  afterAll(async () => {
    await chat?.close();
    await provider?.close();
  });

  /** The console's "Sign in with your organisation's account": the provider's address, and the flow cookie in `jar`. */
  async function begin(jar: CookieJar): Promise<string> {
    const response = await jar.fetch(`${chat.url}/api/auth/sso/start`);
    expect(response.status).toBe(302);
    const location = response.headers.get('location') ?? '';
    expect(location.startsWith(`${provider.issuer}/auth?`)).toBe(true);
    expect(jar.get(SSO_FLOW_COOKIE)).toBeDefined();
    return location;
  }

  /** The browser arriving back at the callback: where it is sent next. */
  async function land(jar: CookieJar, callbackUrl: string): Promise<string> {
    expect(callbackUrl.startsWith(`${chat.url}/api/auth/sso/callback?`)).toBe(true);
    const response = await jar.fetch(callbackUrl);
    expect(response.status).toBe(302);
    return response.headers.get('location') ?? '';
  }

  /** The flow cookie's checks, as the server signed them (to tamper with one, as an attacker cannot). */
  function flowIn(jar: CookieJar) {
    const raw = decodeURIComponent(jar.get(SSO_FLOW_COOKIE) ?? '');
    const unsigned = chat.server.app.unsignCookie(raw);
    expect(unsigned.valid).toBe(true);
    const flow = decodeFlow(unsigned.value ?? '', Date.now());
    expect(flow).not.toBeNull();
    return flow!;
  }

  function replaceFlow(jar: CookieJar, change: Partial<ReturnType<typeof flowIn>>): void {
    const signed = chat.server.app.signCookie(encodeFlow({ ...flowIn(jar), ...change }));
    jar.set(SSO_FLOW_COOKIE, encodeURIComponent(signed));
  }

  async function whoAmI(jar: CookieJar): Promise<{ status: number; email?: string }> {
    const response = await jar.fetch(`${chat.url}/api/auth/me`);
    const body = (await response.json()) as { agent?: { email: string } };
    return { status: response.status, email: body.agent?.email };
  }

  it('signs an existing active account in: the same session as a password, then the console', async () => {
    const jar = new CookieJar();
    const authorizationUrl = new URL(await begin(jar));
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorizationUrl.searchParams.get('state')).not.toBeNull();
    expect(authorizationUrl.searchParams.get('nonce')).not.toBeNull();
    expect(authorizationUrl.searchParams.get('scope')).toBe('openid email');
    expect(authorizationUrl.searchParams.get('redirect_uri')).toBe(`${chat.url}/api/auth/sso/callback`);

    const next = await land(jar, await signInAt(provider, authorizationUrl.href, 'lead'));
    expect(next).toBe('/console/');
    expect(jar.get(SESSION_COOKIE)).toBeDefined();
    expect(jar.get(SSO_FLOW_COOKIE)).toBeUndefined();
    expect(await whoAmI(jar)).toEqual({ status: 200, email: MANAGER.email });
    const console = await jar.fetch(`${chat.url}/console/`);
    expect(console.status).toBe(200);
  });

  it('refuses an email no account has, and opens no session', async () => {
    const jar = new CookieJar();
    const next = await land(jar, await signInAt(provider, await begin(jar), 'stranger'));
    expect(next).toBe('/console/?sso_error=sso_no_account');
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    expect((await whoAmI(jar)).status).toBe(401);
    expect(await chat.server.services.store.agents.findByEmail('nobody-here@example.test')).toBeNull();
  });

  it('refuses a deactivated account that signed in before', async () => {
    const created = await chat.server.services.auth.createAccount(AGENT);
    expect(created).not.toBeNull();
    const before = new CookieJar();
    expect(await land(before, await signInAt(provider, await begin(before), 'former'))).toBe('/console/');
    expect(await whoAmI(before)).toEqual({ status: 200, email: AGENT.email });

    const manager = await chat.server.services.store.agents.findByEmail(MANAGER.email);
    await chat.server.services.accounts.deactivate(manager!, created!.id);

    const after = new CookieJar();
    expect(await land(after, await signInAt(provider, await begin(after), 'former'))).toBe('/console/?sso_error=sso_no_account');
    expect(after.get(SESSION_COOKIE)).toBeUndefined();
    expect((await whoAmI(before)).status).toBe(401);
  });

  it('refuses an email the provider does not say is verified, or no email at all', async () => {
    for (const login of ['unverified', 'no-email']) {
      const jar = new CookieJar();
      expect(await land(jar, await signInAt(provider, await begin(jar), login))).toBe('/console/?sso_error=sso_email_unverified');
      expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    }
  });

  it('refuses a return whose state is not this browser’s (tampered, or another browser’s attempt)', async () => {
    const jar = new CookieJar();
    const callback = new URL(await signInAt(provider, await begin(jar), 'lead'));
    callback.searchParams.set('state', 'an-attacker-s-state');
    expect(await land(jar, callback.href)).toBe('/console/?sso_error=sso_failed');
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();

    // Login CSRF: the attacker's own code and state, landed in a victim's browser with its own attempt.
    const attacker = new CookieJar();
    const attackersCallback = await signInAt(provider, await begin(attacker), 'stranger');
    const victim = new CookieJar();
    await begin(victim);
    expect(await land(victim, attackersCallback)).toBe('/console/?sso_error=sso_failed');
  });

  it('refuses a return with no attempt under way (no flow cookie, or one not signed by this server)', async () => {
    const jar = new CookieJar();
    const callback = await signInAt(provider, await begin(jar), 'lead');
    const stranger = new CookieJar();
    expect(await land(stranger, callback)).toBe('/console/?sso_error=sso_failed');
    const forged = new CookieJar();
    forged.set(SSO_FLOW_COOKIE, encodeURIComponent(`${encodeFlow(flowIn(jar))}.not-the-signature`));
    expect(await land(forged, callback)).toBe('/console/?sso_error=sso_failed');
  });

  it('refuses an ID token whose nonce is not the one this attempt sent', async () => {
    const jar = new CookieJar();
    const callback = await signInAt(provider, await begin(jar), 'lead');
    replaceFlow(jar, { nonce: 'another-attempt-s-nonce' });
    expect(await land(jar, callback)).toBe('/console/?sso_error=sso_failed');
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
  });

  it('PKCE: the provider requires it, and the code is worth nothing without this attempt’s verifier', async () => {
    // The provider refuses an authorization request without a challenge.
    const bare = new URL(`${provider.issuer}/auth`);
    bare.search = new URLSearchParams({
      client_id: OIDC_CLIENT.id,
      redirect_uri: `${chat.url}/api/auth/sso/callback`,
      response_type: 'code',
      scope: 'openid email',
      state: 'x',
      nonce: 'y',
    }).toString();
    const refused = await fetch(bare, { redirect: 'manual' });
    const location = new URL(refused.headers.get('location') ?? '', bare);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);

    // The same code and state, replayed with another verifier: refused at the token endpoint.
    const jar = new CookieJar();
    const callback = await signInAt(provider, await begin(jar), 'lead');
    const genuine = jar.get(SSO_FLOW_COOKIE)!;
    replaceFlow(jar, { verifier: 'x'.repeat(43) });
    expect(await land(jar, callback)).toBe('/console/?sso_error=sso_failed');
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();

    // A code already exchanged cannot be exchanged again, even with the right verifier.
    const replay = new CookieJar();
    const second = await signInAt(provider, await begin(replay), 'lead');
    const spent = replay.get(SSO_FLOW_COOKIE)!;
    expect(await land(replay, second)).toBe('/console/');
    const again = new CookieJar();
    again.set(SSO_FLOW_COOKIE, spent);
    expect(await land(again, second)).toBe('/console/?sso_error=sso_failed');
    expect(genuine).not.toBe(spent);
  });

  it('says which ways in there are; password sign-in still works alongside', async () => {
    const methods = await fetch(`${chat.url}/api/auth/methods`);
    expect(await methods.json()).toEqual({ sso: true, password: true });
    const signIn = await fetch(`${chat.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(MANAGER),
    });
    expect(signIn.status).toBe(200);
  });
});

describe('single sign-on settings', () => {
  it('refuses password sign-in when it is turned off, and limits attempts per address', async () => {
    const provider = await listenTestProvider();
    const chat = await startTestServer({
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: OIDC_CLIENT.id,
      OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
      PASSWORD_SIGN_IN: 'off',
      TRUST_PROXY: 'true',
    });
    try {
      provider.start(`${chat.url}/api/auth/sso/callback`);
      expect(await (await fetch(`${chat.url}/api/auth/methods`)).json()).toEqual({ sso: true, password: false });
      const signIn = await fetch(`${chat.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(MANAGER),
      });
      expect(signIn.status).toBe(403);
      expect(((await signIn.json()) as { error: { code: string } }).error.code).toBe('password_sign_in_off');

      const from = (address: string) => fetch(`${chat.url}/api/auth/sso/start`, { redirect: 'manual', headers: { 'x-forwarded-for': address } });
      const locations: string[] = [];
      for (let i = 0; i < 61; i += 1) locations.push((await from('203.0.113.7')).headers.get('location') ?? '');
      expect(locations.slice(0, 60).every((location) => location.startsWith(`${provider.issuer}/auth?`))).toBe(true);
      expect(locations[60]).toBe('/console/?sso_error=sso_rate_limited');
      expect((await from('203.0.113.8')).headers.get('location')).toMatch(/\/auth\?/);
      const callbacks = await fetch(`${chat.url}/api/auth/sso/callback?code=x&state=y`, { redirect: 'manual', headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(callbacks.headers.get('location')).toBe('/console/?sso_error=sso_failed');
    } finally {
      await chat.close();
      await provider.close();
    }
  });

  it('finishes on another node what one node started (nothing kept in the node between the two)', async () => {
    const provider = await listenTestProvider();
    const publicUrl = 'http://chat.example.test';
    const nodeEnvironment = {
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: OIDC_CLIENT.id,
      OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
      PUBLIC_URL: publicUrl,
    };
    const first = await startTestServer(nodeEnvironment);
    const second = await startTestServer(nodeEnvironment);
    try {
      provider.start(`${publicUrl}/api/auth/sso/callback`);
      provider.people.set('lead', { email: MANAGER.email, email_verified: true });
      const jar = new CookieJar();
      const start = await jar.fetch(`${first.url}/api/auth/sso/start`);
      const authorizationUrl = start.headers.get('location') ?? '';
      expect(new URL(authorizationUrl).searchParams.get('redirect_uri')).toBe(`${publicUrl}/api/auth/sso/callback`);
      const callback = new URL(await signInAt(provider, authorizationUrl, 'lead'));
      expect(callback.origin).toBe(publicUrl);
      // The load balancer sends the return to the other node.
      const landed = await jar.fetch(`${second.url}${callback.pathname}${callback.search}`);
      expect(landed.headers.get('location')).toBe('/console/');
      expect((await jar.fetch(`${second.url}/api/auth/me`)).status).toBe(200);
    } finally {
      await first.close();
      await second.close();
      await provider.close();
    }
  });

  it('is absent without configuration; an unreachable provider sends people back with sso_unavailable', async () => {
    const plain = await startTestServer();
    try {
      expect(await (await fetch(`${plain.url}/api/auth/methods`)).json()).toEqual({ sso: false, password: true });
      expect((await fetch(`${plain.url}/api/auth/sso/start`, { redirect: 'manual' })).status).toBe(404);
    } finally {
      await plain.close();
    }
    const gone = await listenTestProvider();
    await gone.close();
    const chat = await startTestServer({ OIDC_ISSUER: gone.issuer, OIDC_CLIENT_ID: OIDC_CLIENT.id, OIDC_CLIENT_SECRET: OIDC_CLIENT.secret });
    try {
      const start = await fetch(`${chat.url}/api/auth/sso/start`, { redirect: 'manual' });
      expect(start.headers.get('location')).toBe('/console/?sso_error=sso_unavailable');
    } finally {
      await chat.close();
    }
  });
});
