/**
 * Configuration: read from the environment once at start-up, validated, frozen, and passed in.
 * No other module reads `process.env`. A bad value stops the process with a message that names
 * the variable.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DEFAULT_WRAP_UP_MS } from './domain/wrap-up.js';

const commaList = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== ''));

const EnvironmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** The address people reach the server at, if it differs from http://HOST:PORT (a proxy). */
    PUBLIC_URL: z.url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** `pretty` for people at a terminal, `json` for log collectors. */
    LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
    REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
    /** Prefix of every Redis key, so that one Redis can hold several deployments. */
    REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,32}$/).default('gc:'),
    /** How long a starting node waits for Redis to answer before giving up. */
    REDIS_CONNECT_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(60),
    /** Days a closed conversation and its messages are kept; fractions allowed. */
    RETENTION_DAYS: z.coerce.number().positive().max(3650).optional(),
    /** Seconds a stopping node gives commands in flight to finish before it closes connections. */
    SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(120).default(10),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    SESSION_TTL_MINUTES: z.coerce.number().int().positive().max(7 * 24 * 60).default(8 * 60),
    BOOTSTRAP_ADMIN_EMAIL: z.email().optional(),
    BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    /** Seconds an agent may be disconnected before their chats go back to the queue. */
    AGENT_RECONNECT_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(60),
    /** Extra origins allowed to embed the demo site's widget, comma-separated. */
    DEMO_SITE_ORIGINS: commaList,
    /** Set when a reverse proxy sets X-Forwarded-For; rate limits then key on the real client. */
    TRUST_PROXY: z.stringbool().default(false),
    /** Open socket connections one client address may hold on one node, all namespaces together. */
    MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().positive().max(100_000).default(100),
    /** Load shedding (server/http/pressure.ts): mean event-loop delay over a second above which new work is refused; 0 turns it off. */
    PRESSURE_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(200),
    /** V8 heap in use above which new work is refused; unset: 90 % of the heap limit; 0 turns it off. */
    PRESSURE_MAX_HEAP_USED_MB: z.coerce.number().int().min(0).max(1_000_000).optional(),
    /** Resident memory above which new work is refused; 0 (the default) turns it off. */
    PRESSURE_MAX_RSS_MB: z.coerce.number().int().min(0).max(1_000_000).default(0),
    /** The Retry-After a refusal carries. */
    PRESSURE_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
    /** The demo site's chat hours: around the clock, office hours in Toronto, or never (to see the closed state). */
    DEMO_CHAT_HOURS: z.enum(['always', 'office', 'closed']).default('always'),
    /** Where acknowledgements of left messages are sent from; unset: no email at all. */
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
    /** The From address of those emails; required with SMTP_URL. */
    SMTP_FROM: z.string().max(320).optional(),
    /** Turns on OFREP (`POST /ofrep/v1/evaluate/flags…`), for callers sending `Authorization: Bearer <key>`. */
    OFREP_API_KEY: z.string().min(24, 'must have at least 24 characters').max(256).optional(),
    /** Seconds a waiting citizen's chat window may be gone before the chat counts as abandoned. */
    VISITOR_ABANDON_GRACE_SECONDS: z.coerce.number().positive().max(3600).default(60),
    /** Seconds a citizen may be gone from a chat in progress before it closes. */
    VISITOR_GONE_TIMEOUT_SECONDS: z.coerce.number().positive().max(24 * 3600).default(300),
    /** Seconds without activity from the citizen after which a chat in progress closes. */
    VISITOR_IDLE_TIMEOUT_SECONDS: z.coerce.number().positive().max(24 * 3600).default(600),
    /** Seconds before that close the citizen is warned and can stay with one key. */
    VISITOR_IDLE_WARNING_SECONDS: z.coerce.number().positive().max(3600).default(120),
    /** Seconds an agent has to record a chat's wrap-up once it ends, before its slot frees by itself. */
    WRAP_UP_SECONDS: z.coerce.number().positive().max(3600).default(DEFAULT_WRAP_UP_MS / 1000),
    /** The OpenID Connect provider consoles sign in through (single sign-on); unset: no SSO. */
    OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'must be an https:// URL' }).optional(),
    OIDC_CLIENT_ID: z.string().max(512).optional(),
    OIDC_CLIENT_SECRET: z.string().max(1024).optional(),
    /** Scopes asked of the provider, space-separated; must include `openid`. */
    OIDC_SCOPES: z
      .string()
      .max(512)
      .default('openid email')
      .refine((scopes) => scopes.split(/\s+/).includes('openid'), 'must include openid'),
    /** `off` leaves single sign-on as the only way in (only with OIDC configured). */
    PASSWORD_SIGN_IN: z.enum(['on', 'off']).default('on'),
    /** Serves `/metrics` on the main port to callers sending `Authorization: Bearer <token>`. */
    METRICS_TOKEN: z.string().min(24, 'must have at least 24 characters').max(256).optional(),
    /** Serves `/metrics` on a listener of its own (an address only the scraper reaches). */
    METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** That listener's address; loopback unless set (e.g. a pod's internal address). */
    METRICS_HOST: z.string().min(1).max(255).optional(),
  })
  .superRefine((env, context) => {
    if ((env.BOOTSTRAP_ADMIN_EMAIL === undefined) !== (env.BOOTSTRAP_ADMIN_PASSWORD === undefined)) {
      context.addIssue({
        code: 'custom',
        path: [env.BOOTSTRAP_ADMIN_EMAIL === undefined ? 'BOOTSTRAP_ADMIN_EMAIL' : 'BOOTSTRAP_ADMIN_PASSWORD'],
        message: 'BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together',
      });
    }
    if (env.NODE_ENV === 'production' && env.SESSION_SECRET === undefined) {
      context.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' });
    }
    if (env.NODE_ENV === 'production' && env.RETENTION_DAYS === undefined) {
      // Records rules differ (often one to two years after last use): the operator must choose.
      context.addIssue({ code: 'custom', path: ['RETENTION_DAYS'], message: 'is required in production' });
    }
    if (env.SMTP_URL !== undefined && env.SMTP_FROM === undefined) {
      context.addIssue({ code: 'custom', path: ['SMTP_FROM'], message: 'is required with SMTP_URL' });
    }
    if (env.VISITOR_IDLE_WARNING_SECONDS >= env.VISITOR_IDLE_TIMEOUT_SECONDS) {
      context.addIssue({ code: 'custom', path: ['VISITOR_IDLE_WARNING_SECONDS'], message: 'must be less than VISITOR_IDLE_TIMEOUT_SECONDS' });
    }
    if (env.NODE_ENV === 'production' && env.VISITOR_IDLE_WARNING_SECONDS < 20) {
      // WCAG 2.2.1 (Timing Adjustable): at least 20 seconds to ask for more time.
      context.addIssue({ code: 'custom', path: ['VISITOR_IDLE_WARNING_SECONDS'], message: 'must be at least 20 in production (WCAG 2.2.1)' });
    }
    if (env.NODE_ENV !== 'production' && env.REDIS_URL !== undefined && env.SESSION_SECRET === undefined) {
      // Every node must sign cookies alike, and a restart must not sign everyone out.
      context.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required with REDIS_URL' });
    }
    const oidcSet = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter((value) => value !== undefined).length;
    if (oidcSet !== 0 && oidcSet !== 3) {
      context.addIssue({ code: 'custom', path: ['OIDC_ISSUER'], message: 'OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together' });
    }
    if (env.METRICS_HOST !== undefined && env.METRICS_PORT === undefined) {
      context.addIssue({ code: 'custom', path: ['METRICS_HOST'], message: 'needs METRICS_PORT' });
    }
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT === env.PORT && (env.METRICS_HOST ?? '127.0.0.1') === env.HOST) {
      context.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: 'must differ from PORT' });
    }
    if (env.OIDC_ISSUER !== undefined && env.NODE_ENV === 'production' && !env.OIDC_ISSUER.startsWith('https://')) {
      // Tokens and the client secret cross this connection; plain http only for local providers in tests.
      context.addIssue({ code: 'custom', path: ['OIDC_ISSUER'], message: 'must be an https:// URL in production' });
    }
    if (env.PASSWORD_SIGN_IN === 'off' && oidcSet !== 3) {
      context.addIssue({ code: 'custom', path: ['PASSWORD_SIGN_IN'], message: 'can be off only when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set' });
    }
  });

/** The OpenID Connect client this server is registered as at its provider. */
export interface OidcConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Space-separated, `openid` among them. */
  readonly scopes: string;
}

/** Retention outside production, where nobody's records are at stake. */
export const DEMO_RETENTION_DAYS = 7;

export interface Config {
  readonly environment: 'development' | 'production' | 'test';
  readonly isProduction: boolean;
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string | undefined;
  readonly logLevel: string;
  readonly logFormat: 'pretty' | 'json';
  readonly redisUrl: string | undefined;
  readonly redisKeyPrefix: string;
  readonly redisConnectTimeoutMs: number;
  readonly retentionMs: number;
  readonly shutdownGraceMs: number;
  /** Signs session cookies. Generated per start when unset outside production (sessions then end on restart). */
  readonly sessionSecret: string;
  readonly sessionSecretGenerated: boolean;
  readonly sessionTtlMs: number;
  readonly bootstrapAdmin: { readonly email: string; readonly password: string } | undefined;
  readonly agentReconnectGraceMs: number;
  readonly demoSiteOrigins: readonly string[];
  readonly trustProxy: boolean;
  readonly maxConnectionsPerAddress: number;
  readonly demoChatHours: 'always' | 'office' | 'closed';
  /** The key OFREP callers present; undefined: OFREP off (its routes answer 404). */
  readonly ofrepApiKey: string | undefined;
  /** Email for acknowledgements of left messages; undefined: off. */
  readonly smtp: { readonly url: string; readonly from: string } | undefined;
  /** Citizens who leave and idle chats (server/domain/visitor-presence.ts). */
  readonly visitorAbandonGraceMs: number;
  readonly visitorGoneTimeoutMs: number;
  readonly visitorIdleTimeoutMs: number;
  readonly visitorIdleWarningMs: number;
  /** How long an agent has to record a wrap-up (server/domain/wrap-up.ts). */
  readonly wrapUpMs: number;
  /** Single sign-on (server/services/sso-service.ts); undefined: off. */
  readonly oidc: OidcConfig | undefined;
  /** False when PASSWORD_SIGN_IN=off: consoles sign in only through single sign-on. */
  readonly passwordSignIn: boolean;
  /**
   * Load shedding: thresholds (0 = that check off) past which HTTP requests get 503 with
   * Retry-After and new citizens' connections are refused (server/http/pressure.ts). The heap's is
   * undefined when not set: 90 % of the heap limit then.
   */
  readonly pressure: {
    readonly maxEventLoopDelayMs: number;
    readonly maxHeapUsedBytes: number | undefined;
    readonly maxRssBytes: number;
    readonly retryAfterSeconds: number;
  };
  /**
   * Prometheus `/metrics` (server/http/routes/metrics.ts): on the main port behind a bearer token,
   * and/or on a listener of its own; off (404) when neither is set.
   */
  readonly metrics: { readonly token: string | undefined; readonly listener: { readonly host: string; readonly port: number } | undefined };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment into a frozen Config, or throws a ConfigError naming each bad variable. */
export function loadConfig(environment: Record<string, string | undefined>): Config {
  const parsed = EnvironmentSchema.safeParse(emptyAsUnset(environment));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  return Object.freeze({
    environment: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    host: env.HOST,
    port: env.PORT,
    publicUrl: env.PUBLIC_URL,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty'),
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    redisConnectTimeoutMs: env.REDIS_CONNECT_TIMEOUT_SECONDS * 1000,
    retentionMs: (env.RETENTION_DAYS ?? DEMO_RETENTION_DAYS) * 24 * 60 * 60 * 1000,
    shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1000,
    sessionSecret: env.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
    sessionSecretGenerated: env.SESSION_SECRET === undefined,
    sessionTtlMs: env.SESSION_TTL_MINUTES * 60_000,
    bootstrapAdmin:
      env.BOOTSTRAP_ADMIN_EMAIL !== undefined && env.BOOTSTRAP_ADMIN_PASSWORD !== undefined
        ? Object.freeze({ email: env.BOOTSTRAP_ADMIN_EMAIL.toLowerCase(), password: env.BOOTSTRAP_ADMIN_PASSWORD })
        : undefined,
    agentReconnectGraceMs: env.AGENT_RECONNECT_GRACE_SECONDS * 1000,
    demoSiteOrigins: Object.freeze(env.DEMO_SITE_ORIGINS),
    trustProxy: env.TRUST_PROXY,
    maxConnectionsPerAddress: env.MAX_CONNECTIONS_PER_ADDRESS,
    demoChatHours: env.DEMO_CHAT_HOURS,
    ofrepApiKey: env.OFREP_API_KEY,
    smtp: env.SMTP_URL !== undefined && env.SMTP_FROM !== undefined ? Object.freeze({ url: env.SMTP_URL, from: env.SMTP_FROM }) : undefined,
    visitorAbandonGraceMs: env.VISITOR_ABANDON_GRACE_SECONDS * 1000,
    visitorGoneTimeoutMs: env.VISITOR_GONE_TIMEOUT_SECONDS * 1000,
    visitorIdleTimeoutMs: env.VISITOR_IDLE_TIMEOUT_SECONDS * 1000,
    visitorIdleWarningMs: env.VISITOR_IDLE_WARNING_SECONDS * 1000,
    wrapUpMs: env.WRAP_UP_SECONDS * 1000,
    oidc:
      env.OIDC_ISSUER !== undefined && env.OIDC_CLIENT_ID !== undefined && env.OIDC_CLIENT_SECRET !== undefined
        ? Object.freeze({ issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, scopes: env.OIDC_SCOPES.trim() })
        : undefined,
    passwordSignIn: env.PASSWORD_SIGN_IN === 'on',
    pressure: Object.freeze({
      maxEventLoopDelayMs: env.PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
      maxHeapUsedBytes: env.PRESSURE_MAX_HEAP_USED_MB === undefined ? undefined : env.PRESSURE_MAX_HEAP_USED_MB * 1024 * 1024,
      maxRssBytes: env.PRESSURE_MAX_RSS_MB * 1024 * 1024,
      retryAfterSeconds: env.PRESSURE_RETRY_AFTER_SECONDS,
    }),
    metrics: Object.freeze({
      token: env.METRICS_TOKEN,
      listener: env.METRICS_PORT === undefined ? undefined : Object.freeze({ host: env.METRICS_HOST ?? '127.0.0.1', port: env.METRICS_PORT }),
    }),
  });
}

/** An empty variable (`PORT=`) means "not set", as most tools treat it. */
function emptyAsUnset(environment: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''));
}
