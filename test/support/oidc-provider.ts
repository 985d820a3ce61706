/**
 * A real OpenID Connect provider (`oidc-provider`) for single sign-on tests, on 127.0.0.1, with
 * one confidential client that must use PKCE (S256), people kept in memory (their email and
 * whether it is verified), and its development sign-in and consent pages, which `signInAt` fills
 * in with plain HTTP requests, as a browser would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const OIDC_CLIENT = { id: 'chat-console', secret: 'a-client-secret-only-the-chat-server-knows' };

export interface Person {
  email?: string;
  email_verified?: boolean | string;
}

export interface TestProvider {
  readonly issuer: string;
  /** Set once the chat server's address is known (the client's redirect URI). */
  start(redirectUri: string): void;
  /** Who may sign in, by login name (their subject). */
  readonly people: Map<string, Person>;
  close(): Promise<void>;
}

/** Listens first, so the issuer's address can go into the chat server's configuration. */
export async function listenTestProvider(): Promise<TestProvider> {
  const server: Server = createServer((_request, response) => {
    response.statusCode = 503;
    response.end('provider not started');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const people = new Map<string, Person>();
  return {
    issuer,
    people,
    start(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: OIDC_CLIENT.id,
            client_secret: OIDC_CLIENT.secret,
            redirect_uris: [redirectUri],
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        pkce: { methods: ['S256'], required: () => true },
        claims: { openid: ['sub'], email: ['email', 'email_verified'] },
        features: { devInteractions: { enabled: true } },
        cookies: { keys: ['cookie-key-for-the-test-provider-only'] },
        // Lifetimes set, so that the provider does not print a notice for each default it uses.
        ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
        async findAccount(_context, id) {
          const person = people.get(id);
          if (person === undefined) return undefined;
          return { accountId: id, claims: async () => ({ sub: id, ...person }) };
        },
      });
      server.removeAllListeners('request');
      server.on('request', provider.callback());
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cookies of one origin, as a browser keeps them (paths ignored: every test path is under one host). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', setting = ''] = attribute.split('=').map((part) => part.trim());
        if (key.toLowerCase() === 'max-age') return Number(setting) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(setting) <= Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** One request with this jar's cookies, redirects not followed. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.header();
    if (cookie !== '') headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.take(response);
    return response;
  }
}

/**
 * Goes through the provider from `authorizationUrl` as `login` would: the sign-in form, then the
 * consent form, following redirects within the provider. Resolves with the first address outside
 * the provider it sends the browser to (the chat server's callback, with code and state), and the
 * statuses met on the way.
 */
export async function signInAt(provider: TestProvider, authorizationUrl: string, login: string, jar = new CookieJar()): Promise<string> {
  let url = authorizationUrl;
  let response = await jar.fetch(url);
  for (let step = 0; step < 20; step += 1) {
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location') ?? '', url).href;
      if (!url.startsWith(provider.issuer)) return url;
      response = await jar.fetch(url);
      continue;
    }
    const page = await response.text();
    if (response.status !== 200) throw new Error(`provider answered ${response.status}: ${page.slice(0, 500)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(page)?.[1];
    if (action === undefined || prompt === undefined) throw new Error(`no form on the provider's page: ${page.slice(0, 500)}`);
    const form = new URLSearchParams({ prompt });
    if (prompt === 'login') {
      form.set('login', login);
      form.set('password', 'any password: the development pages take any');
    }
    url = new URL(action, url).href;
    response = await jar.fetch(url, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
  throw new Error('the provider never sent the browser back');
}
