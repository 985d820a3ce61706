/** Builds the application's services around one store, one clock and one event bus. */
import type { Config } from '../config.js';
import type { Store } from '../stores/store.js';
import { AssignmentService } from './assignment-service.js';
import { AuthService } from './auth-service.js';
import { CannedAnswerService } from './canned-answer-service.js';
import type { Clock } from './clock.js';
import { ConversationService } from './conversation-service.js';
import { EventBus } from './events.js';
import { LoadMonitor } from './load-monitor.js';
import { NoteService } from './note-service.js';
import type { PasswordHasher } from './password-hasher.js';
import { PresenceService, type PresenceLogger } from './presence-service.js';
import { RateLimits } from './rate-limits.js';
import { RetentionService } from './retention-service.js';
import { SiteService } from './site-service.js';
import { TypingService } from './typing-service.js';
import { ViewBuilder } from './views.js';

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
  readonly rateLimits: RateLimits;
  readonly retention: RetentionService;
  readonly sites: SiteService;
  readonly views: ViewBuilder;
  readonly typing: TypingService;
  readonly notes: NoteService;
  readonly cannedAnswers: CannedAnswerService;
}

export function createServices(
  config: Config,
  store: Store,
  clock: Clock,
  passwords: PasswordHasher,
  logger: PresenceLogger,
): Services {
  const events = new EventBus();
  const rateLimits = new RateLimits(store, clock);
  const sites = new SiteService(store);
  const conversations = new ConversationService(store, clock, events, sites);
  return {
    store,
    clock,
    events,
    auth: new AuthService(store, clock, events, config.sessionTtlMs, passwords, rateLimits),
    passwords,
    load: new LoadMonitor(passwords),
    conversations,
    assignment: new AssignmentService(store, clock, events, conversations, logger),
    presence: new PresenceService(store, clock, events, conversations, config.agentReconnectGraceMs, logger),
    rateLimits,
    retention: new RetentionService(store, clock, config.retentionMs, logger),
    sites,
    views: new ViewBuilder(store),
    typing: new TypingService(store, events),
    notes: new NoteService(store, clock, events, conversations),
    cannedAnswers: new CannedAnswerService(store),
  };
}
