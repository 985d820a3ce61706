import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('configuration', () => {
  it('has working defaults: 127.0.0.1:3000, in memory, a generated session secret', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, redisUrl: undefined, sessionSecretGenerated: true });
    expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad variable in one error', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', SESSION_TTL_MINUTES: '-1' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/SESSION_TTL_MINUTES/);
  });

  it('requires the bootstrap email and password together', () => {
    expect(() => loadConfig({ BOOTSTRAP_ADMIN_EMAIL: 'admin@example.test' })).toThrow(/BOOTSTRAP_ADMIN_PASSWORD/);
  });

  it('requires a session secret and a retention period in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/RETENTION_DAYS/);
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), RETENTION_DAYS: '730' });
    expect(config.isProduction).toBe(true);
    expect(config.retentionMs).toBe(730 * 24 * 60 * 60 * 1000);
  });

  it('requires a shared session secret with Redis, and a redis:// URL', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/SESSION_SECRET.*REDIS_URL/);
    expect(() => loadConfig({ REDIS_URL: 'http://127.0.0.1:6379', SESSION_SECRET: 'x'.repeat(32) })).toThrow(/REDIS_URL/);
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', SESSION_SECRET: 'x'.repeat(32) }).redisKeyPrefix).toBe('gc:');
  });

  it('treats an empty variable as unset and reads comma lists', () => {
    const config = loadConfig({ PORT: '', DEMO_SITE_ORIGINS: 'https://a.example, https://b.example,' });
    expect(config.port).toBe(3000);
    expect(config.demoSiteOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('sends no email unless SMTP_URL is set, which needs SMTP_FROM and an smtp:// URL; demo hours default to always', () => {
    expect(loadConfig({}).smtp).toBeUndefined();
    expect(loadConfig({}).demoChatHours).toBe('always');
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example:587' })).toThrow(/SMTP_FROM/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example', SMTP_FROM: 'a@b.example' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ DEMO_CHAT_HOURS: 'sometimes' })).toThrow(/DEMO_CHAT_HOURS/);
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example', SMTP_FROM: 'chat@b.example' }).smtp).toEqual({ url: 'smtps://u:p@mail.example', from: 'chat@b.example' });
  });

  it('times citizens who leave and idle chats: 1 min, 5 min, 10 min with a 2-min warning, unless set; the warning comes before the close', () => {
    expect(loadConfig({})).toMatchObject({
      visitorAbandonGraceMs: 60_000,
      visitorGoneTimeoutMs: 300_000,
      visitorIdleTimeoutMs: 600_000,
      visitorIdleWarningMs: 120_000,
    });
    expect(loadConfig({ VISITOR_ABANDON_GRACE_SECONDS: '0.5', VISITOR_IDLE_TIMEOUT_SECONDS: '3', VISITOR_IDLE_WARNING_SECONDS: '1' })).toMatchObject({
      visitorAbandonGraceMs: 500,
      visitorIdleTimeoutMs: 3000,
      visitorIdleWarningMs: 1000,
    });
    expect(() => loadConfig({ VISITOR_IDLE_TIMEOUT_SECONDS: '60', VISITOR_IDLE_WARNING_SECONDS: '60' })).toThrow(/VISITOR_IDLE_WARNING_SECONDS/);
    expect(() => loadConfig({ VISITOR_ABANDON_GRACE_SECONDS: '0' })).toThrow(/VISITOR_ABANDON_GRACE_SECONDS/);
    // WCAG 2.2.1: in production a citizen gets at least 20 seconds to ask for more time.
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), RETENTION_DAYS: '730' };
    expect(() => loadConfig({ ...production, VISITOR_IDLE_WARNING_SECONDS: '10' })).toThrow(/WCAG/);
  });

  it('gives agents 2 minutes to record a wrap-up unless WRAP_UP_SECONDS says otherwise', () => {
    expect(loadConfig({}).wrapUpMs).toBe(120_000);
    expect(loadConfig({ WRAP_UP_SECONDS: '45' }).wrapUpMs).toBe(45_000);
    expect(() => loadConfig({ WRAP_UP_SECONDS: '0' })).toThrow(/WRAP_UP_SECONDS/);
    expect(() => loadConfig({ WRAP_UP_SECONDS: 'soon' })).toThrow(/WRAP_UP_SECONDS/);
  });

  it('serves /metrics only when told: a token of 24 characters or more, a port of its own on loopback unless METRICS_HOST says', () => {
    expect(loadConfig({}).metrics).toEqual({ token: undefined, listener: undefined });
    expect(loadConfig({ METRICS_TOKEN: 't'.repeat(24) }).metrics).toEqual({ token: 't'.repeat(24), listener: undefined });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics.listener).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }).metrics.listener).toEqual({ host: '10.0.0.5', port: 9464 });
    expect(() => loadConfig({ METRICS_HOST: '10.0.0.5' })).toThrow(/METRICS_HOST: needs METRICS_PORT/);
    expect(() => loadConfig({ METRICS_PORT: '3000' })).toThrow(/METRICS_PORT: must differ from PORT/);
    expect(() => loadConfig({ METRICS_PORT: '0' })).toThrow(/METRICS_PORT/);
  });

  describe('single sign-on', () => {
    const oidc = { OIDC_ISSUER: 'https://login.example.gov', OIDC_CLIENT_ID: 'chat-console', OIDC_CLIENT_SECRET: 's3cret' };
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), RETENTION_DAYS: '730' };

    it('is off with password sign-in on unless configured', () => {
      const config = loadConfig({});
      expect(config.oidc).toBeUndefined();
      expect(config.passwordSignIn).toBe(true);
    });

    it('takes the issuer, client and secret together, with openid email as the default scopes', () => {
      expect(loadConfig(oidc).oidc).toEqual({ issuer: 'https://login.example.gov', clientId: 'chat-console', clientSecret: 's3cret', scopes: 'openid email' });
      expect(() => loadConfig({ OIDC_ISSUER: oidc.OIDC_ISSUER, OIDC_CLIENT_ID: 'chat-console' })).toThrow(/must be set together/);
      expect(() => loadConfig({ OIDC_CLIENT_SECRET: 's3cret' })).toThrow(/must be set together/);
      expect(loadConfig({ ...oidc, OIDC_SCOPES: 'openid email profile' }).oidc?.scopes).toBe('openid email profile');
      expect(() => loadConfig({ ...oidc, OIDC_SCOPES: 'email' })).toThrow(/OIDC_SCOPES: must include openid/);
    });

    it('wants an https issuer in production; http only elsewhere (a provider started by a test)', () => {
      expect(() => loadConfig({ ...production, ...oidc, OIDC_ISSUER: 'http://login.example.gov' })).toThrow(/OIDC_ISSUER: must be an https/);
      expect(loadConfig({ ...production, ...oidc }).oidc?.issuer).toBe('https://login.example.gov');
      expect(loadConfig({ ...oidc, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer).toBe('http://127.0.0.1:4000');
      expect(() => loadConfig({ ...oidc, OIDC_ISSUER: 'ftp://login.example.gov' })).toThrow(/OIDC_ISSUER/);
    });

    it('turns password sign-in off only when single sign-on is configured', () => {
      expect(() => loadConfig({ PASSWORD_SIGN_IN: 'off' })).toThrow(/PASSWORD_SIGN_IN: can be off only/);
      expect(loadConfig({ ...oidc, PASSWORD_SIGN_IN: 'off' }).passwordSignIn).toBe(false);
      expect(() => loadConfig({ ...oidc, PASSWORD_SIGN_IN: 'no' })).toThrow(/PASSWORD_SIGN_IN/);
    });
  });
});
