/**
 * The offer (README.md, "Soft launch"): what one visitor is offered on one page now, and why. The
 * site's rollout policy (RolloutService, read at most once per 2 s per node), its hours, the
 * capacity guard of the queues the page's chats would wait in (CapacityGuardService, read at most
 * once per 2 s per node) and whether the visitor is in a conversation go into `decideOffer`
 * (domain rollout-policy.ts). The loader's route, the OpenFeature provider, OFREP, the console's
 * preview and the visitor namespace's start all ask here, so all answer the same.
 *
 * "In a conversation" is not taken from the client: when a chat starts, the server keeps which
 * conversation the visitor (a hash of their visitor id and site) started; a visitor the rules
 * refuse is given the widget back (`resuming`) only when the loader says a chat is under way AND
 * that conversation is still open. Resuming never starts anything: `assertMayStart` judges every
 * start afresh, as if there were no conversation, so a forged resume cannot open a chat (nor on a
 * topic) that is not offered.
 *
 * Exposure: each `offered` answer is a hit (day, path, language, hashed visitor), buffered and
 * written every EXPOSURE_FLUSH_MS in one batch, not one write per page view.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Language } from '../../protocol/languages.js';
import {
  EXPOSURE_TOP_PAGES,
  OFFER_FEATURES,
  type ChatOffer,
  type GuardView,
  type OfferRefusal,
  type RolloutLiveResult,
  type RolloutLiveSite,
  type RolloutPreviewResult,
} from '../../protocol/rollout-offer.js';
import { estimateWait, waitBand } from '../../protocol/wait-estimate.js';
import { AppError } from '../domain/app-error.js';
import { takeToken, type TokenBucket } from '../domain/rate-limit.js';
import { EXPOSURE_RATE_PER_ADDRESS } from '../domain/rate-policies.js';
import { availability, type Availability } from '../domain/business-hours.js';
import type { Site } from '../domain/entities.js';
import type { BusinessHours } from '../../protocol/hours.js';
import { EXPOSURE_PAGES_PER_DAY, EXPOSURE_RETENTION_MS, exposureDay, exposurePage, type ExposureHit } from '../domain/exposure.js';
import { decideOffer, type Offer, type RolloutPolicy } from '../domain/rollout-policy.js';
import { evaluateRule, type Audience, type RuleCheck, type RuleEvaluation } from '../domain/rollout-rules.js';
import type { GuardRecord, Store } from '../stores/store.js';
import type { CapacityGuardService } from './capacity-guard-service.js';
import type { Clock } from './clock.js';
import type { RolloutService } from './rollout-service.js';
import type { OfferSeen } from '../domain/reports-facts.js';

/** How often a node writes the exposure it buffered. */
export const EXPOSURE_FLUSH_MS = 2000;
/** Hits buffered beyond this are written at once (bounds the node's memory under a flood). */
export const EXPOSURE_BUFFER_MAX = 2000;
/** Client addresses whose exposure rate a node follows at once (bounds its memory). */
export const EXPOSURE_ADDRESSES_MAX = 10_000;
/** How long the server remembers which conversation a visitor started (longer than any chat). */
export const CONVERSING_TTL_MS = 24 * 3_600_000;

/** One visitor on one page. */
export interface OfferRequest {
  visitorId: string;
  pageUrl: string;
  language: Language;
  /** The loader says a conversation is under way (checked against the store, never believed). */
  resume: boolean;
  /** The client address the request came from, when it came from a browser (caps exposure counting). */
  address?: string;
}

/** The offer and everything it was decided from (for the preview). */
interface Decision {
  offer: ChatOffer;
  detail: Offer;
  policy: RolloutPolicy;
  audience: Audience;
  hoursOpen: boolean;
  hoursReason: string | null;
  /** The queue each topic's chats would wait in, in the visitor's language. */
  queueOfTopic: Map<string, string>;
  guards: Map<string, GuardRecord>;
}

export interface ExposureLogger {
  warn(details: object, message: string): void;
}

const REFUSAL_OF_CHECK: Record<RuleCheck, OfferRefusal> = {
  enabled: 'chat_disabled',
  page: 'page',
  language: 'language',
  hours: 'outside_hours',
  share: 'share',
};

/** How long a node reuses a site it read for the offer (a switch turned off shows within this). */
export const OFFER_SITE_CACHE_MS = 1000;

export class OfferService {
  private readonly sites = new Map<string, { readAt: number; site: Promise<Site | null> }>();
  private buffer: ExposureHit[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private failing = false;
  /** Exposure counted per client address (see mayCount). */
  private readonly exposureBuckets = new Map<string, TokenBucket>();
  /** Offers counted in reports per client address (see mayReport). */
  private readonly reportBuckets = new Map<string, TokenBucket>();
  private offerObserver: ((seen: OfferSeen) => void) | null = null;
  /** Who hears each page view's decision (metrics): state and refusal reason only, never who. */
  private readonly decisionListeners = new Set<(decision: Pick<ChatOffer, 'state' | 'reason'>) => void>();
  /** Each set of hours (the cached site's, by identity) with its availability in the current minute. */
  private readonly hoursByMinute = new WeakMap<BusinessHours, { minute: number; availability: Availability }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly rollout: RolloutService,
    private readonly guards: CapacityGuardService,
    private readonly logger: ExposureLogger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush(), EXPOSURE_FLUSH_MS);
    this.timer.unref();
  }

  /** Stops the timer and writes what is buffered. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /**
   * The site, as the offer reads it on every page view: at most once per OFFER_SITE_CACHE_MS per
   * node (an unknown site is asked again each time). `not_found` when there is none.
   */
  async siteOf(siteId: string): Promise<Site> {
    // Wall time, not the injected clock: the cache spares the store, it is no rule of the domain.
    const now = Date.now();
    let entry = this.sites.get(siteId);
    if (entry === undefined || now - entry.readAt >= OFFER_SITE_CACHE_MS) {
      if (this.sites.size >= 1000) this.sites.clear();
      const read = { readAt: now, site: this.store.sites.get(siteId) };
      this.sites.set(siteId, (entry = read));
      read.site.then(
        (site) => site === null && this.sites.get(siteId) === read && this.sites.delete(siteId),
        () => this.sites.get(siteId) === read && this.sites.delete(siteId),
      );
    }
    const site = await entry.site;
    if (site === null) throw new AppError('not_found', `This site ("${siteId}") is not known to the chat service.`);
    return site;
  }

  /** The offer to this visitor on this page now; counts an `offered` answer as exposure. */
  async offerFor(site: Site, request: OfferRequest): Promise<ChatOffer> {
    const now = this.clock.now();
    const { offer, policy } = await this.decide(site, request, now);
    if (offer.state === 'offered') this.expose(site.id, request, now);
    // Reports: the visitors offered chat while open, and those told it is closed (demand while closed).
    const offeredOpen = offer.state === 'offered' && !offer.closed;
    if (this.offerObserver !== null && (offeredOpen || offer.closed) && (request.address === undefined || this.mayReport(request.address, now))) {
      this.offerObserver({
        siteId: site.id,
        pageUrl: request.pageUrl,
        language: request.language,
        visitorKey: visitorKey(site.id, request.visitorId),
        offered: offeredOpen,
        closed: offer.closed,
        share: policy.chat.share,
        at: now,
      });
    }
    for (const listener of this.decisionListeners) listener({ state: offer.state, reason: offer.reason });
    return offer;
  }

  /** Hears every offer reports count (one listener: the ReportsService's). */
  observeOffers(listener: (seen: OfferSeen) => void): void {
    this.offerObserver = listener;
  }

  /**
   * Hears the decision of every page view's offer (`offerFor`; not previews nor start checks).
   * A listener, not a domain event: page views are the busiest path, and only metrics care.
   */
  onDecision(listener: (decision: Pick<ChatOffer, 'state' | 'reason'>) => void): () => void {
    this.decisionListeners.add(listener);
    return () => this.decisionListeners.delete(listener);
  }

  /**
   * Refuses a chat start the offer does not allow now: chat not offered to this visitor on this
   * page in this language (whatever a resume claims) or the topic not offered (`not_offered`), or
   * the guard closed for the page or the topic's queue (`busy`).
   */
  async assertMayStart(site: Site, request: Omit<OfferRequest, 'resume'> & { topicId: string }): Promise<void> {
    const { offer, detail } = await this.decide(site, { ...request, resume: false }, this.clock.now());
    // Busy: every queue of the page, or the one this topic's chats wait in, past the guard.
    const guarded = offer.state === 'offered' && detail.topicIds.includes(request.topicId) && !offer.topicIds.includes(request.topicId);
    if (offer.state === 'busy' || guarded) throw new AppError('chat_unavailable', 'Chat is busy right now; try again later or use another way.', 'busy');
    if (offer.state !== 'offered' || !offer.topicIds.includes(request.topicId)) {
      throw new AppError('chat_unavailable', 'Chat is not offered here.', 'not_offered');
    }
  }

  /** Remembers that this visitor started this conversation (so that the widget comes back to them). */
  async noteConversation(siteId: string, visitorId: string, conversationId: string): Promise<void> {
    await this.store.conversingVisitors.mark(visitorKey(siteId, visitorId), conversationId, CONVERSING_TTL_MS, this.clock.now());
  }

  /** The console's preview: the offer at `time` with every rule's verdict, the hours and the guards. */
  async preview(site: Site, request: { visitorId?: string; pageUrl: string; language: Language; time: number }): Promise<RolloutPreviewResult> {
    const visitorId = request.visitorId ?? randomBytes(16).toString('base64url');
    const decision = await this.decide(site, { visitorId, pageUrl: request.pageUrl, language: request.language, resume: false }, request.time);
    const { policy, audience, detail } = decision;
    return {
      visitorId,
      offer: decision.offer,
      chat: detail.chat,
      features: Object.fromEntries(OFFER_FEATURES.map((feature) => [feature, evaluateRule(policy.features[feature], audience)])) as Record<
        (typeof OFFER_FEATURES)[number],
        RuleEvaluation
      >,
      topics: site.topics.map((topic) => {
        const queueId = topic.queues[request.language];
        return { topicId: topic.id, queueId, rule: detail.topicEvaluations[topic.id]!, guardClosed: decision.guards.get(queueId)?.state.closed ?? false };
      }),
      hours: { open: decision.hoursOpen, reason: decision.hoursReason },
      guards: [...new Set(decision.queueOfTopic.values())].map((queueId) => guardView(queueId, decision.guards.get(queueId))),
      policyVersion: policy.version,
    };
  }

  /** The console's live view of one site: its guards and today's exposure (top pages bounded). */
  async live(sites: readonly Site[]): Promise<RolloutLiveResult> {
    const now = this.clock.now();
    const day = exposureDay(now);
    const answered: RolloutLiveSite[] = await Promise.all(
      sites.map(async (site) => {
        const [guards, counts] = await Promise.all([this.guards.guardsOf(site.id), this.store.exposure.read(site.id, day)]);
        const queueIds = [...new Set(site.topics.flatMap((topic) => Object.values(topic.queues)))];
        return {
          siteId: site.id,
          guards: queueIds.map((queueId) => guardView(queueId, guards.get(queueId))),
          exposure: { day, total: counts.total, byLanguage: counts.byLanguage, topPages: counts.pages.slice(0, EXPOSURE_TOP_PAGES) },
        };
      }),
    );
    return { sites: answered, at: new Date(now).toISOString() };
  }

  /** Writes the buffered exposure (one batch); never throws. */
  flush(): Promise<void> {
    if (this.buffer.length === 0) return this.flushing;
    const hits = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(async () => {
      try {
        await this.store.exposure.record(hits, EXPOSURE_PAGES_PER_DAY, EXPOSURE_RETENTION_MS, this.clock.now());
        this.failing = false;
      } catch (error) {
        // Counts are for reports: a batch lost while the store is away is said once, not retried.
        if (!this.failing) this.logger.warn({ err: error, hits: hits.length }, 'exposure not recorded; counting goes on');
        this.failing = true;
      }
    });
    return this.flushing;
  }

  private expose(siteId: string, request: OfferRequest, now: number): void {
    if (request.address !== undefined && !this.mayCount(request.address, now)) return;
    this.buffer.push({ siteId, day: exposureDay(now), page: exposurePage(request.pageUrl), language: request.language, visitorKey: visitorKey(siteId, request.visitorId) });
    if (this.buffer.length >= EXPOSURE_BUFFER_MAX) void this.flush();
  }

  private async decide(site: Site, request: OfferRequest, now: number): Promise<Decision> {
    const stored = await this.rollout.policyOf(site);
    // The site's own switch (administration) and the policy's kill switch both stop chat.
    const policy = site.chatEnabled ? stored : { ...stored, chat: { ...stored.chat, enabled: false } };
    const hours = this.hoursAt(site, now);
    const audience: Audience = { visitorId: request.visitorId, pageUrl: request.pageUrl, language: request.language, withinHours: hours.open };
    const topicIds = site.topics.map((topic) => topic.id);
    let detail = decideOffer(policy, topicIds, audience, false);
    if (!detail.offered && request.resume && (await this.inConversation(site.id, request.visitorId))) {
      detail = decideOffer(policy, topicIds, audience, true);
    }
    const queueOfTopic = new Map(site.topics.map((topic) => [topic.id, topic.queues[request.language]]));
    const guards = await this.guards.guardsOf(site.id);
    const base = {
      features: detail.features,
      closed: !hours.open,
      stickiness: policy.stickiness,
    };
    let offer: ChatOffer;
    if (!detail.offered) {
      offer = { ...base, offered: false, state: 'refused', reason: REFUSAL_OF_CHECK[detail.refusal ?? 'enabled'], topicIds: [], busy: null };
    } else if (detail.resuming) {
      offer = { ...base, offered: true, state: 'resuming', reason: null, topicIds: detail.topicIds, busy: null };
    } else {
      const closedGuard = (topicId: string) => guards.get(queueOfTopic.get(topicId)!)?.state.closed === true;
      const open = detail.topicIds.filter((topicId) => !closedGuard(topicId));
      if (detail.topicIds.length > 0 && open.length === 0) {
        offer = { ...base, offered: true, state: 'busy', reason: null, topicIds: [], busy: busyInfo(site, detail.topicIds.map((topicId) => guards.get(queueOfTopic.get(topicId)!)!)) };
      } else {
        offer = { ...base, offered: true, state: 'offered', reason: null, topicIds: open, busy: null };
      }
    }
    return { offer, detail, policy, audience, hoursOpen: hours.open, hoursReason: hours.open ? null : hours.reason, queueOfTopic, guards };
  }

  /**
   * The site's hours at `now`, worked out once a minute per set of hours: opening times are whole
   * minutes in the site's time zone, so the answer cannot change within one, and working it out
   * (time-zone arithmetic) cost more than the rest of the offer together.
   */
  private hoursAt(site: Site, now: number): Availability {
    if (site.hours === null) return availability(null, now);
    const minute = Math.floor(now / 60_000);
    const known = this.hoursByMinute.get(site.hours);
    if (known !== undefined && known.minute === minute) return known.availability;
    const answer = availability(site.hours, now);
    this.hoursByMinute.set(site.hours, { minute, availability: answer });
    return answer;
  }

  /** Whether this address's offers may still be counted in reports (the same rate as exposure, its own buckets). */
  private mayReport(address: string, now: number): boolean {
    if (this.reportBuckets.size >= EXPOSURE_ADDRESSES_MAX && !this.reportBuckets.has(address)) this.reportBuckets.clear();
    const { allowed, bucket } = takeToken(this.reportBuckets.get(address), EXPOSURE_RATE_PER_ADDRESS, now);
    this.reportBuckets.set(address, bucket);
    return allowed;
  }

  /** Whether exposure from this address may still be counted (EXPOSURE_RATE_PER_ADDRESS, per node). */
  private mayCount(address: string, now: number): boolean {
    // Bounded: a flood from many addresses forgets the oldest buckets rather than growing.
    if (this.exposureBuckets.size >= EXPOSURE_ADDRESSES_MAX && !this.exposureBuckets.has(address)) this.exposureBuckets.clear();
    const { allowed, bucket } = takeToken(this.exposureBuckets.get(address), EXPOSURE_RATE_PER_ADDRESS, now);
    this.exposureBuckets.set(address, bucket);
    return allowed;
  }

  /** Whether the conversation this visitor started (on this site) is still open. */
  private async inConversation(siteId: string, visitorId: string): Promise<boolean> {
    const conversationId = await this.store.conversingVisitors.conversationOf(visitorKey(siteId, visitorId), this.clock.now());
    if (conversationId === null) return false;
    const conversation = await this.store.conversations.get(conversationId);
    return conversation !== null && conversation.siteId === siteId && conversation.status !== 'closed';
  }
}

/** What the store keeps for a visitor: a hash of the site and their id, never the id itself. */
export function visitorKey(siteId: string, visitorId: string): string {
  return createHash('sha256').update(`${siteId}\n${visitorId}`).digest('base64url').slice(0, 22);
}

/** While busy: the shortest wait among the page's queues, and the site's other ways to reach it. */
function busyInfo(site: Site, records: readonly GuardRecord[]): ChatOffer['busy'] {
  const waits = records.map((record) => record.load.waitMinutes).filter((minutes): minutes is number => minutes !== null);
  const waitMinutes = waits.length === 0 ? null : Math.min(...waits);
  return {
    waitMinutes: waitMinutes === null ? null : Math.round(waitMinutes * 10) / 10,
    waitBand: waitMinutes === null ? estimateWait(1, { slots: 0, freeSlots: 0, handleMs: 0 }).band : waitBand(waitMinutes * 60_000),
    otherWays: site.otherWays,
  };
}

function guardView(queueId: string, record: GuardRecord | undefined): GuardView {
  if (record === undefined) return { queueId, closed: false, reason: null, since: null, waitMinutes: null, waiting: 0, availableAgents: 0 };
  return {
    queueId,
    closed: record.state.closed,
    reason: record.state.reason,
    since: record.state.since > 0 ? new Date(record.state.since).toISOString() : null,
    waitMinutes: record.load.waitMinutes === null ? null : Math.round(record.load.waitMinutes * 10) / 10,
    waiting: record.load.waiting,
    availableAgents: record.load.availableAgents,
  };
}
