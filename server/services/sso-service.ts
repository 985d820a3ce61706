/**
 * Single sign-on through the organisation's OpenID Connect provider (issue #9, point 2):
 * authorization code flow with PKCE, state and nonce, by `openid-client`. The provider vouches for
 * an email; the email must belong to an existing active account, whose session is then opened
 * as password sign-in opens one. Nothing is kept between the start and the return but the
 * browser's signed cookie (server/http/routes/sso.ts), so any node can finish what another began.
 */
import * as oidc from 'openid-client';
import type { SsoErrorCode } from '../../protocol/http.js';
import type { OidcConfig } from '../config.js';
import { SSO_RATE_PER_ADDRESS } from '../domain/rate-policies.js';
import { verifiedEmail, type SsoFlow } from '../domain/sso.js';
import { AppError } from '../domain/app-error.js';
import type { Authenticated, AuthService } from './auth-service.js';
import type { Clock } from './clock.js';
import type { RateLimits } from './rate-limits.js';

/** A sign-in the provider's answer does not allow, with the code the sign-in page shows. */
export class SsoRefusal extends Error {
  override name = 'SsoRefusal';
  constructor(
    readonly code: SsoErrorCode,
    message: string,
    /** The library's or provider's error, for the log only. */
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** What the discovery and token calls run through; tests of other modules never reach them. */
export type DiscoverProvider = (issuer: URL, clientId: string, clientSecret: string) => Promise<oidc.Configuration>;

/** Discovery at the issuer, with the client secret sent by HTTP Basic (the default of OpenID Connect). */
export const discoverProvider: DiscoverProvider = (issuer, clientId, clientSecret) =>
  oidc.discovery(issuer, clientId, undefined, oidc.ClientSecretBasic(clientSecret), {
    // Plain http is refused by the library; config.ts allows it only outside production.
    execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
    timeout: 10,
  });

export class SsoService {
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(
    private readonly settings: OidcConfig,
    private readonly auth: AuthService,
    private readonly rateLimits: RateLimits,
    private readonly clock: Clock,
    private readonly discover: DiscoverProvider = discoverProvider,
  ) {}

  /**
   * A new attempt: fresh state, nonce and PKCE verifier, and the provider's address to send the
   * browser to, coming back to `redirectUri`.
   */
  async start(redirectUri: string, from: { address: string }): Promise<{ url: string; flow: SsoFlow }> {
    await this.limit('sso-start', from.address);
    const configuration = await this.provider();
    const flow: SsoFlow = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      startedAt: this.clock.now(),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: this.settings.scopes,
      response_type: 'code',
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, flow };
  }

  /**
   * The provider's return at `callbackUrl` (its query as received), checked against the browser's
   * `flow` (null: missing, forged or expired), then the account's session.
   */
  async finish(callbackUrl: URL, flow: SsoFlow | null, from: { address: string }): Promise<Authenticated> {
    await this.limit('sso-callback', from.address);
    if (flow === null) throw new SsoRefusal('sso_failed', 'No sign-in attempt of this browser is under way (missing or expired).');
    const configuration = await this.provider();
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (idToken === undefined) throw new Error('no ID token');
      claims = { ...idToken };
      if (verifiedEmail(claims).kind !== 'verified') {
        // Many providers put the email only in userinfo (the ID token carries the subject).
        claims = { ...claims, ...(await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub)) };
      }
    } catch (error) {
      throw new SsoRefusal('sso_failed', 'The provider’s answer failed a check (state, nonce, PKCE or the token).', error);
    }
    const proof = verifiedEmail(claims);
    if (proof.kind !== 'verified') throw new SsoRefusal('sso_email_unverified', 'The provider did not say the email is verified.');
    const signedIn = await this.auth.signInVerified(proof.email);
    if (signedIn === null) throw new SsoRefusal('sso_no_account', 'No active account has this email.');
    return signedIn;
  }

  /** The provider's metadata, discovered once; a failed discovery is tried again at the next attempt. */
  private provider(): Promise<oidc.Configuration> {
    this.configuration ??= this.discover(new URL(this.settings.issuer), this.settings.clientId, this.settings.clientSecret).catch(
      (error: unknown) => {
        this.configuration = null;
        throw new SsoRefusal('sso_unavailable', 'The identity provider could not be reached.', error);
      },
    );
    return this.configuration;
  }

  private async limit(scope: string, address: string): Promise<void> {
    try {
      await this.rateLimits.enforce(scope, address, SSO_RATE_PER_ADDRESS, 'Too many sign-in attempts.');
    } catch (error) {
      if (error instanceof AppError && error.code === 'rate_limited') throw new SsoRefusal('sso_rate_limited', error.message);
      throw error;
    }
  }
}
