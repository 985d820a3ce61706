/**
 * The inbox: messages citizens leave when chat is not available, and agents answering them later.
 * Leaving one is idempotent (the chat app's client id names it) and bounded per address and per
 * site; an acknowledgement goes by email when SMTP is configured and the citizen gave an address.
 */
import type { Language } from '../../protocol/languages.js';
import { AppError } from '../domain/app-error.js';
import type { Agent, InboxItem, Site } from '../domain/entities.js';
import { redact, redactionOptionsOf, type RedactionKind } from '../domain/redaction.js';
import { answerInboxItem, assertMayReadInboxItem, inboxQueueIds, newInboxItem } from '../domain/inbox.js';
import {
  ACKNOWLEDGEMENT_RATE_PER_RECIPIENT,
  LEAVE_MESSAGE_RATE_PER_ADDRESS,
  LEAVE_MESSAGE_RATE_PER_SITE,
} from '../domain/rate-policies.js';
import type { InboxCursor, Store } from '../stores/store.js';
import { acknowledgementEmail } from './acknowledgement-email.js';
import type { Clock } from './clock.js';
import type { EventBus } from './events.js';
import type { Mailer } from './mailer.js';
import type { RateLimits } from './rate-limits.js';
import { sha256 } from './secrets.js';
import type { SiteService } from './site-service.js';

export interface LeaveRequest {
  siteId: string;
  /** Chosen by the chat app; the same value on a retry finds the same item. */
  clientId: string;
  topicId: string;
  language: Language;
  visitorName?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  text: string;
  pageUrl: string;
}

export interface InboxLogger {
  warn(details: object, message: string): void;
}

/** Compare-and-set attempts before giving up on an item that keeps changing underneath. */
const SAVE_ATTEMPTS = 3;

export class InboxService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly sites: SiteService,
    private readonly rateLimits: RateLimits,
    private readonly mailer: Mailer | null,
    private readonly logger: InboxLogger,
  ) {}

  /**
   * Stores a message left by a citizen at `address`, or returns the one this same request stored (a
   * retry), with personal identifiers taken out of its text and name first (as a chat message's;
   * the email address and phone number the citizen gives to be answered are kept): `redacted` says
   * which kinds were removed.
   */
  async leave(request: LeaveRequest, address: string): Promise<{ item: InboxItem; redacted: RedactionKind[] }> {
    const site = await this.sites.require(request.siteId);
    const { text, kinds } = redact(request.text, redactionOptionsOf(site));
    const visitorName = request.visitorName === undefined ? undefined : redact(request.visitorName).text;
    return { item: await this.keep(site, { ...request, text, visitorName }, address), redacted: kinds };
  }

  private async keep(site: Site, request: LeaveRequest, address: string): Promise<InboxItem> {
    const topic = site.topics.find((candidate) => candidate.id === request.topicId);
    if (topic === undefined) throw new AppError('invalid_payload', `Unknown topic "${request.topicId}".`);
    const id = sha256(`inbox:${site.id}:${request.clientId}`);
    const existing = await this.store.inbox.get(id);
    if (existing !== null) return existing;

    await this.rateLimits.enforce('leave-message', address, LEAVE_MESSAGE_RATE_PER_ADDRESS, 'Too many messages left from your address; try again later.');
    await this.rateLimits.enforce('leave-message-site', site.id, LEAVE_MESSAGE_RATE_PER_SITE, 'Too many messages are being left right now; try again later.');
    const item = newInboxItem({ ...request, id, siteId: site.id, queueId: topic.queues[request.language] }, this.clock.now());
    if (!(await this.store.inbox.insert(item))) return (await this.store.inbox.get(id)) ?? item;
    this.events.publish({ type: 'inbox.item-changed', item, created: true });
    if (item.email !== null) void this.acknowledge(item, site.name);
    return item;
  }

  /** The queues whose items this agent sees (null: all; see `inboxQueueIds`). */
  async visibleQueueIds(agent: Agent): Promise<string[] | null> {
    return inboxQueueIds(agent, await this.store.queues.list());
  }

  /** One page of the agent's inbox, newest first, and where the next page starts (null: none). */
  async list(agent: Agent, before: InboxCursor | null, limit: number): Promise<{ items: InboxItem[]; next: InboxCursor | null }> {
    const queueIds = await this.visibleQueueIds(agent);
    const page = await this.store.inbox.list(queueIds, before, limit + 1);
    const items = page.slice(0, limit);
    const last = items[items.length - 1];
    return { items, next: page.length > limit && last !== undefined ? { createdAt: last.createdAt, id: last.id } : null };
  }

  /** Marks an item of a queue the agent sees as answered, with a note of what was done. */
  async answer(agent: Agent, itemId: string, note: string): Promise<InboxItem> {
    const visible = await this.visibleQueueIds(agent);
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      const current = await this.store.inbox.get(itemId);
      if (current === null) throw new AppError('not_found', 'This message could not be found.');
      assertMayReadInboxItem(visible, current);
      const next = answerInboxItem(current, agent.id, note, this.clock.now());
      if (next === current) return current;
      if (await this.store.inbox.save(next, current.version)) {
        this.events.publish({ type: 'inbox.item-changed', item: next, created: false });
        return next;
      }
    }
    throw new AppError('conflict', 'This message changed while you acted on it; try again.');
  }

  /** Emails the acknowledgement, at most a few a day to one address; a failure is logged, never shown. */
  private async acknowledge(item: InboxItem, organisation: { en: string; fr: string }): Promise<void> {
    if (this.mailer === null || item.email === null) return;
    try {
      if (!(await this.store.rateLimits.take(`acknowledgement|${item.email}`, ACKNOWLEDGEMENT_RATE_PER_RECIPIENT, this.clock.now()))) return;
      await this.mailer.send(acknowledgementEmail(item.email, item.language, organisation, item.reference));
    } catch (error) {
      // The address stays out of the log; the reference is enough to find the item.
      this.logger.warn({ err: error, reference: item.reference }, 'could not send the acknowledgement of a left message');
    }
  }
}
