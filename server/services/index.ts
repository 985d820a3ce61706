/** Builds the application's services around one store, one clock and one event bus. */
import type { Config } from '../config.js';
import type { AuditRecord } from '../domain/audit-log.js';
import type { VisitorTimings } from '../domain/visitor-presence.js';
import type { Store } from '../stores/store.js';
import { AccountService, type AuditRecorder } from './account-service.js';
import { AssignmentService } from './assignment-service.js';
import { AvailabilityService } from './availability-service.js';
import { AuthService } from './auth-service.js';
import { CannedAnswerService } from './canned-answer-service.js';
import { commonPasswords } from './common-passwords.js';
import type { Clock } from './clock.js';
import { ConversationService } from './conversation-service.js';
import { EventBus } from './events.js';
import { InboxService } from './inbox-service.js';
import { LoadMonitor } from './load-monitor.js';
import type { Mailer } from './mailer.js';
import { NoteService } from './note-service.js';
import type { PasswordHasher } from './password-hasher.js';
import { PresenceService, type PresenceLogger } from './presence-service.js';
import { RateLimits } from './rate-limits.js';
import { RetentionService } from './retention-service.js';
import { RolloutService } from './rollout-service.js';
import { SiteService } from './site-service.js';
import { SupervisionService } from './supervision-service.js';
import { TransferService } from './transfer-service.js';
import { TypingService } from './typing-service.js';
import { ViewBuilder } from './views.js';
import { VisitorPresenceService } from './visitor-presence-service.js';
import { WaitService } from './wait-service.js';
import { WrapUpService } from './wrap-up-service.js';

export interface Services {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly auth: AuthService;
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
  readonly supervision: SupervisionService;
  readonly transfers: TransferService;
  readonly wrapUps: WrapUpService;
  readonly accounts: AccountService;
}

/**
 * TODO(lead): a stand-in for the audit log until feature/rollout-governance's `services.audit`
 * (AuditService, hash-chained in the store) is merged; wire `accounts` to it then and delete this.
 * It keeps the latest records in this process only, so that the account service compiles and runs.
 */
class InterimAuditRecorder implements AuditRecorder {
  private static readonly KEEP = 1000;
  readonly records: AuditRecord[] = [];

  constructor(private readonly clock: Clock) {}

  async record(record: Omit<AuditRecord, 'at'>): Promise<AuditRecord> {
    const entry = { ...record, at: this.clock.now() };
    this.records.push(entry);
    if (this.records.length > InterimAuditRecorder.KEEP) this.records.shift();
    return entry;
  }
}

export function createServices(
  config: Config,
  store: Store,
  clock: Clock,
  passwords: PasswordHasher,
  logger: PresenceLogger,
  mailer: Mailer | null = null,
): Services {
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
  return {
    store,
    clock,
    events,
    auth: new AuthService(store, clock, events, config.sessionTtlMs, passwords, rateLimits),
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
    rollout: new RolloutService(store, events),
    supervision: new SupervisionService(store, clock, events, conversations, logger),
    transfers: new TransferService(store, clock, events, conversations),
    wrapUps: new WrapUpService(store, clock, conversations, config.wrapUpMs, logger),
    accounts: new AccountService(store, clock, events, passwords, rateLimits, presence, new InterimAuditRecorder(clock), commonPasswords(), mailer, logger),
  };
}
