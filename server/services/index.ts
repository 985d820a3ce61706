/** Builds the application's services around one store, one clock and one event bus. */
import type { Config } from '../config.js';
import type { VisitorTimings } from '../domain/visitor-presence.js';
import type { Store } from '../stores/store.js';
import { AccountService } from './account-service.js';
import { AssignmentService } from './assignment-service.js';
import { AuditService } from './audit-service.js';
import { HistoryService } from './history-service.js';
import { SurveyService } from './survey-service.js';
import { TranscriptService } from './transcript-service.js';
import { AvailabilityService } from './availability-service.js';
import { AuthService } from './auth-service.js';
import { CannedAnswerService } from './canned-answer-service.js';
import { CapacityGuardService } from './capacity-guard-service.js';
import { chatOfferClient, type ChatOfferProvider } from './chat-offer-provider.js';
import { commonPasswords } from './common-passwords.js';
import type { Client as OpenFeatureClient } from '@openfeature/server-sdk';
import type { Clock } from './clock.js';
import { ConversationService } from './conversation-service.js';
import { EventBus } from './events.js';
import { InboxService } from './inbox-service.js';
import { LoadMonitor } from './load-monitor.js';
import { MetricsService } from './metrics-service.js';
import { observedStore } from '../stores/observed-store.js';
import type { Mailer } from './mailer.js';
import { NoteService } from './note-service.js';
import { OfferService } from './offer-service.js';
import type { PasswordHasher } from './password-hasher.js';
import { PresenceService, type PresenceLogger } from './presence-service.js';
import { RateLimits } from './rate-limits.js';
import { ReportsService } from './reports-service.js';
import { ReportsDemandHistory } from './reports-demand-history.js';
import { StaffingService } from './staffing-service.js';
import { RetentionService } from './retention-service.js';
import { RolloutGovernanceService } from './rollout-governance-service.js';
import { RolloutService } from './rollout-service.js';
import { SiteAdminService } from './site-admin-service.js';
import { SiteService } from './site-service.js';
import { SupervisionService } from './supervision-service.js';
import { TransferService } from './transfer-service.js';
import { TypingService } from './typing-service.js';
import { ViewBuilder } from './views.js';
import { VisitorPresenceService } from './visitor-presence-service.js';
import { WaitService } from './wait-service.js';
import { SsoService } from './sso-service.js';
import { WrapUpService } from './wrap-up-service.js';

export interface Services {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly auth: AuthService;
  /** Single sign-on through the organisation's OpenID Connect provider; null unless configured. */
  readonly sso: SsoService | null;
  readonly passwords: PasswordHasher;
  readonly load: LoadMonitor;
  readonly conversations: ConversationService;
  readonly assignment: AssignmentService;
  readonly presence: PresenceService;
  readonly visitorPresence: VisitorPresenceService;
  readonly rateLimits: RateLimits;
  readonly retention: RetentionService;
  readonly sites: SiteService;
  readonly views: ViewBuilder;
  readonly availability: AvailabilityService;
  readonly inbox: InboxService;
  /** Outgoing email; null unless SMTP is configured. */
  readonly mailer: Mailer | null;
  readonly waits: WaitService;
  readonly typing: TypingService;
  readonly notes: NoteService;
  readonly cannedAnswers: CannedAnswerService;
  readonly rollout: RolloutService;
  /** The capacity guard of each site's queues, stepped by every node. */
  readonly capacityGuards: CapacityGuardService;
  /** What a visitor is offered (soft launch), with exposure counts. */
  readonly offers: OfferService;
  /** The OpenFeature client (flag `chat-offer`) the offer route and OFREP ask, and its provider. */
  readonly offerFlags: { client: OpenFeatureClient; provider: ChatOfferProvider };
  /** The audit log, for every namespace of action (`rollout.*`, `account.*`, ...). */
  readonly audit: AuditService;
  /** The survey a citizen may answer once their chat has ended. */
  readonly surveys: SurveyService;
  /** The citizen's own transcript download. */
  readonly transcripts: TranscriptService;
  /** Closed conversations for supervisors and managers: search, open read-only, transcript export. */
  readonly history: HistoryService;
  /** Rollout changes, approvals, the schedule (started with the app on every node). */
  readonly governance: RolloutGovernanceService;
  readonly supervision: SupervisionService;
  readonly transfers: TransferService;
  readonly wrapUps: WrapUpService;
  /** Console accounts administered by managers, and everyone's own password. */
  readonly accounts: AccountService;
  /** Sites and queues administered by managers. */
  readonly siteAdmin: SiteAdminService;
  /** The hourly rollup: counts what happens, answers the Reports page, its CSV and observed demand. */
  readonly reports: ReportsService;
  /** The staffing projection on the Rollout page, and each site's staffing plan. */
  readonly staffing: StaffingService;
  /**
   * Prometheus metrics (metrics-service.ts); null when `/metrics` is off (no METRICS_TOKEN nor
   * METRICS_PORT), and then nothing is measured: not even store calls are timed.
   */
  readonly metrics: MetricsService | null;
}

export function createServices(
  config: Config,
  rawStore: Store,
  clock: Clock,
  passwords: PasswordHasher,
  logger: PresenceLogger,
  mailer: Mailer | null = null,
): Services {
  const metricsOn = config.metrics.token !== undefined || config.metrics.listener !== undefined;
  const metrics = metricsOn ? new MetricsService(logger) : null;
  // The one seam where store calls are timed and their failures counted: every service gets this store.
  const store = metrics === null ? rawStore : observedStore(rawStore, metrics);
  const events = new EventBus();
  const rateLimits = new RateLimits(store, clock);
  const sites = new SiteService(store);
  const availability = new AvailabilityService(store, clock, events);
  const visitorTimings: VisitorTimings = {
    abandonGraceMs: config.visitorAbandonGraceMs,
    goneTimeoutMs: config.visitorGoneTimeoutMs,
    idleTimeoutMs: config.visitorIdleTimeoutMs,
    idleWarningMs: config.visitorIdleWarningMs,
  };
  const conversations = new ConversationService(store, clock, events, sites, availability, visitorTimings, config.wrapUpMs);
  const waits = new WaitService(store, clock, events, logger);
  const presence = new PresenceService(store, clock, events, conversations, config.agentReconnectGraceMs, logger);
  const rollout = new RolloutService(store, events);
  const capacityGuards = new CapacityGuardService(store, clock, rollout, logger);
  const offers = new OfferService(store, clock, rollout, capacityGuards, logger);
  const audit = new AuditService(store, clock);
  const accounts = new AccountService(store, clock, events, passwords, rateLimits, presence, audit, commonPasswords(), mailer, logger);
  const auth = new AuthService(store, clock, events, config.sessionTtlMs, passwords, rateLimits);
  const supervision = new SupervisionService(store, clock, events, conversations, logger);
  metrics?.listen(events, supervision, offers);
  return {
    store,
    clock,
    events,
    auth,
    sso: config.oidc === undefined ? null : new SsoService(config.oidc, auth, rateLimits, clock),
    passwords,
    load: new LoadMonitor(passwords),
    conversations,
    assignment: new AssignmentService(store, clock, events, conversations, logger),
    presence,
    visitorPresence: new VisitorPresenceService(store, clock, conversations, visitorTimings, logger),
    rateLimits,
    retention: new RetentionService(store, clock, config.retentionMs, logger),
    sites,
    views: new ViewBuilder(store, clock, waits),
    availability,
    inbox: new InboxService(store, clock, events, sites, rateLimits, mailer, logger),
    mailer,
    waits,
    typing: new TypingService(store, events),
    notes: new NoteService(store, clock, events, conversations),
    cannedAnswers: new CannedAnswerService(store),
    rollout,
    capacityGuards,
    offers,
    offerFlags: chatOfferClient(offers, {
      // Evaluation errors include callers' bad contexts (OFREP): a warning, not an error.
      error: (...args: unknown[]) => logger.warn({ openFeature: args }, 'OpenFeature evaluation failed'),
      warn: (...args: unknown[]) => logger.warn({ openFeature: args }, 'OpenFeature warning'),
      info: () => undefined,
      debug: () => undefined,
    }),
    audit,
    history: new HistoryService(store, clock, audit),
    surveys: new SurveyService(conversations, clock, events),
    transcripts: new TranscriptService(store, clock),
    governance: new RolloutGovernanceService(store, clock, events, rollout, audit, logger),
    supervision,
    transfers: new TransferService(store, clock, events, conversations),
    wrapUps: new WrapUpService(store, clock, conversations, config.wrapUpMs, logger),
    accounts,
    siteAdmin: new SiteAdminService(store, clock, events, accounts, offers, rollout, audit),
    reports: new ReportsService(store, clock, events, rollout, offers, logger),
    staffing: new StaffingService(store, clock, rollout, new ReportsDemandHistory(store, clock), audit),
    metrics,
  };
}
