/** Builds the application's services around one store, one clock and one event bus. */
import type { Config } from '../config.js';
import type { Store } from '../stores/store.js';
import { AuthService } from './auth-service.js';
import type { Clock } from './clock.js';
import { ConversationService } from './conversation-service.js';
import { EventBus } from './events.js';
import { PresenceService, type PresenceLogger } from './presence-service.js';
import { RetentionService } from './retention-service.js';
import { SiteService } from './site-service.js';
import { ViewBuilder } from './views.js';

export interface Services {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly auth: AuthService;
  readonly conversations: ConversationService;
  readonly presence: PresenceService;
  readonly retention: RetentionService;
  readonly sites: SiteService;
  readonly views: ViewBuilder;
}

export function createServices(config: Config, store: Store, clock: Clock, logger: PresenceLogger): Services {
  const events = new EventBus();
  const sites = new SiteService(store);
  const conversations = new ConversationService(store, clock, events, sites);
  return {
    store,
    clock,
    events,
    auth: new AuthService(store, clock, events, config.sessionTtlMs),
    conversations,
    presence: new PresenceService(store, clock, events, conversations, config.agentReconnectGraceMs, logger),
    retention: new RetentionService(store, clock, config.retentionMs, logger),
    sites,
    views: new ViewBuilder(store),
  };
}
