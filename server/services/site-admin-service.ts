/**
 * Sites and queues administered by managers (issue #9, points 3 and 4): list, create, change, and
 * the live check of an origin. Each change is validated by the domain (site-admin.ts) against the
 * queues as stored, saved, announced on the event bus and recorded in the audit log with what it
 * was before and after. Every node reads sites and queues from the store when it needs them (the
 * offer keeps a site at most OFFER_SITE_CACHE_MS), so a change holds at once everywhere.
 *
 * A queue's members are the accounts whose `queueIds` hold it: setting them changes those accounts
 * through the AccountService, so each change keeps that service's rules (active accounts only,
 * compare-and-set, its own audit entry and `agent.changed`).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Language } from '../../protocol/languages.js';
import type { OriginCheckBlocker, SiteOriginCheck } from '../../protocol/admin.js';
import { QUEUES_MAX, SITES_MAX } from '../../protocol/limits.js';
import { AppError } from '../domain/app-error.js';
import type { Agent, Queue, Site } from '../domain/entities.js';
import { mayFrame, originOf } from '../domain/origin-policy.js';
import { hasRole } from '../domain/roles.js';
import { membershipChanges, queueProblems, siteProblems, topicsBrokenByLanguage, type SiteFields } from '../domain/site-admin.js';
import type { Store } from '../stores/store.js';
import type { AccountService, AuditRecorder } from './account-service.js';
import type { Clock } from './clock.js';
import type { EventBus } from './events.js';
import type { OfferService } from './offer-service.js';
import type { RolloutService } from './rollout-service.js';

export type SiteChange = Partial<SiteFields>;
export type QueueChange = Partial<Omit<Queue, 'id'>> & { memberIds?: string[] };

/** A queue with the active accounts that serve it. */
export interface QueueWithMembers {
  queue: Queue;
  memberIds: string[];
}

/** Compare-and-set attempts before a change is answered `conflict` (someone else keeps changing it). */
const REPLACE_ATTEMPTS = 3;

export class SiteAdminService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly accounts: AccountService,
    private readonly offers: OfferService,
    private readonly rollout: RolloutService,
    private readonly audit: AuditRecorder,
  ) {}

  /** Every site, by id (at most SITES_MAX: creation stops there). */
  async listSites(actor: Agent): Promise<Site[]> {
    assertManager(actor);
    return (await this.store.sites.list()).sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, SITES_MAX);
  }

  async createSite(actor: Agent, site: Site): Promise<Site> {
    assertManager(actor);
    const sites = await this.store.sites.list();
    if (sites.some((existing) => existing.id === site.id)) throw new AppError('conflict', `A site "${site.id}" exists already.`);
    if (sites.length >= SITES_MAX) throw new AppError('at_capacity', `A deployment holds at most ${SITES_MAX} sites.`);
    await this.assertValidSite(site);
    if (!(await this.store.sites.insert(site))) throw new AppError('conflict', `A site "${site.id}" exists already.`);
    await this.record(actor, 'site.created', `site:${site.id}`, null, site);
    this.events.publish({ type: 'site.changed', site });
    return site;
  }

  async updateSite(actor: Agent, siteId: string, change: SiteChange): Promise<Site> {
    assertManager(actor);
    const { before, after } = await this.replaceSite(siteId, change);
    if (after === before) return after;
    await this.record(actor, 'site.updated', `site:${siteId}`, before, after);
    this.events.publish({ type: 'site.changed', site: after });
    return after;
  }

  /** Reads, changes, checks and saves a site by compare-and-set, a few times if it moves meanwhile. */
  private async replaceSite(siteId: string, change: SiteChange): Promise<{ before: Site; after: Site }> {
    for (let attempt = 0; attempt < REPLACE_ATTEMPTS; attempt++) {
      const before = await this.store.sites.get(siteId);
      if (before === null) throw new AppError('not_found', `There is no site "${siteId}".`);
      const after: Site = { ...before, ...definedOf(change), id: before.id };
      await this.assertValidSite(after);
      if (isDeepStrictEqual(after, before)) return { before, after: before };
      if (await this.store.sites.replace(after, before)) return { before, after };
    }
    throw new AppError('conflict', 'This site changed while you changed it; look at it again and retry.');
  }

  /** Every queue, by id, with its members (at most QUEUES_MAX). */
  async listQueues(actor: Agent): Promise<QueueWithMembers[]> {
    assertManager(actor);
    const [queues, accounts] = await Promise.all([this.store.queues.list(), this.store.agents.list()]);
    return queues
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, QUEUES_MAX)
      .map((queue) => ({ queue, memberIds: membersOf(queue.id, accounts) }));
  }

  async createQueue(actor: Agent, input: Queue & { memberIds?: string[] }): Promise<QueueWithMembers> {
    assertManager(actor);
    const { memberIds, ...queue } = input;
    const queues = await this.store.queues.list();
    if (queues.some((existing) => existing.id === queue.id)) throw new AppError('conflict', `A queue "${queue.id}" exists already.`);
    if (queues.length >= QUEUES_MAX) throw new AppError('at_capacity', `A deployment holds at most ${QUEUES_MAX} queues.`);
    assertValidQueue(queue);
    if (memberIds !== undefined) await this.assertMembersExist(memberIds);
    if (!(await this.store.queues.insert(queue))) throw new AppError('conflict', `A queue "${queue.id}" exists already.`);
    await this.record(actor, 'queue.created', `queue:${queue.id}`, null, queue);
    this.events.publish({ type: 'queue.changed', queue });
    if (memberIds !== undefined) await this.setMembers(actor, queue.id, memberIds);
    return { queue, memberIds: membersOf(queue.id, await this.store.agents.list()) };
  }

  async updateQueue(actor: Agent, queueId: string, input: QueueChange): Promise<QueueWithMembers> {
    assertManager(actor);
    const { memberIds, ...change } = input;
    if (memberIds !== undefined) await this.assertMembersExist(memberIds);
    const { before, after } = await this.replaceQueue(queueId, change);
    if (after !== before) {
      await this.record(actor, 'queue.updated', `queue:${queueId}`, before, after);
      this.events.publish({ type: 'queue.changed', queue: after });
    }
    if (memberIds !== undefined) await this.setMembers(actor, queueId, memberIds);
    return { queue: after, memberIds: membersOf(queueId, await this.store.agents.list()) };
  }

  /**
   * Whether a new visitor on `pageUrl` would be offered the widget now, and every reason not:
   * the page's origin allowed (as the chat frame checks it), the site's switch, the soft launch's
   * kill switch and rules, the hours, the capacity guards (the offer's own decision, from its preview).
   */
  async checkOrigin(actor: Agent, request: { siteId: string; pageUrl: string; language: Language; chatHost: string | undefined }): Promise<SiteOriginCheck> {
    assertManager(actor);
    const site = await this.store.sites.get(request.siteId);
    if (site === null) throw new AppError('not_found', `There is no site "${request.siteId}".`);
    const origin = originOf(request.pageUrl);
    const originAllowed = origin !== null && mayFrame(origin, request.chatHost, site.allowedOrigins);
    const policy = await this.rollout.policyOf(site);
    const preview = await this.offers.preview(site, { pageUrl: request.pageUrl, language: request.language, time: this.clock.now() });
    const blockers: OriginCheckBlocker[] = [];
    if (!originAllowed) blockers.push('origin_not_allowed');
    if (!site.chatEnabled) blockers.push('chat_disabled');
    if (!policy.chat.enabled) blockers.push('policy_off');
    const failed = preview.chat.failed;
    if (failed === 'page' || failed === 'language' || failed === 'share') blockers.push('not_offered');
    if (!preview.hours.open) blockers.push('outside_hours');
    if (preview.offer.state === 'busy') blockers.push('busy');
    return {
      origin,
      originAllowed,
      chatEnabled: site.chatEnabled,
      policyOn: policy.chat.enabled,
      hours: preview.hours,
      offerState: preview.offer.state,
      offered: blockers.length === 0 && preview.offer.state === 'offered',
      blockers,
    };
  }

  /** Reads, changes, checks and saves a queue by compare-and-set (the same when nothing changes). */
  private async replaceQueue(queueId: string, change: Omit<QueueChange, 'memberIds'>): Promise<{ before: Queue; after: Queue }> {
    for (let attempt = 0; attempt < REPLACE_ATTEMPTS; attempt++) {
      const before = await this.store.queues.get(queueId);
      if (before === null) throw new AppError('not_found', `There is no queue "${queueId}".`);
      const after: Queue = { ...before, ...definedOf(change), id: before.id };
      assertValidQueue(after);
      if (sameQueue(before, after)) return { before, after: before };
      if (after.language !== before.language) {
        const broken = topicsBrokenByLanguage(queueId, after.language, await this.store.sites.list());
        if (broken.length > 0) {
          throw new AppError('invalid_payload', `Topics send ${before.language} chats to this queue (${broken.slice(0, 10).join(', ')}): change them first.`);
        }
      }
      if (await this.store.queues.replace(after, before)) return { before, after };
    }
    throw new AppError('conflict', 'This queue changed while you changed it; look at it again and retry.');
  }

  /** Makes exactly `memberIds` (active accounts) serve the queue, one account change at a time. */
  private async setMembers(actor: Agent, queueId: string, memberIds: readonly string[]): Promise<void> {
    const active = (await this.store.agents.list()).filter((account) => account.active);
    for (const { agentId, queueIds } of membershipChanges(queueId, memberIds, active)) {
      await this.accounts.update(actor, agentId, { queueIds });
    }
  }

  private async assertMembersExist(memberIds: readonly string[]): Promise<void> {
    const active = new Set((await this.store.agents.list()).filter((account) => account.active).map((account) => account.id));
    const unknown = memberIds.filter((id) => !active.has(id));
    if (unknown.length > 0) throw new AppError('invalid_payload', `There is no active account ${unknown.slice(0, 10).join(', ')}.`);
  }

  private async assertValidSite(site: Site): Promise<void> {
    const { id: _id, ...fields } = site;
    const problems = siteProblems(fields, await this.store.queues.list());
    if (problems.length > 0) throw new AppError('invalid_payload', problems.slice(0, 20).join(' '));
  }

  private async record(actor: Agent, action: string, target: string, before: unknown, after: unknown): Promise<void> {
    await this.audit.record({ actor: actor.id, action, target, before, after, reason: null, approver: null });
  }
}

function assertValidQueue(queue: Queue): void {
  const { id: _id, ...fields } = queue;
  const problems = queueProblems(fields);
  if (problems.length > 0) throw new AppError('invalid_payload', problems.join(' '));
}

/** Only managers administer sites and queues (the command table says so too; checked again here). */
function assertManager(actor: Agent): void {
  if (!hasRole(actor.role, 'manager')) throw new AppError('forbidden', 'Only managers administer sites and queues.');
}

function membersOf(queueId: string, accounts: readonly Agent[]): string[] {
  return accounts.filter((account) => account.active && account.queueIds.includes(queueId)).map((account) => account.id);
}

function sameQueue(a: Queue, b: Queue): boolean {
  return a.name.en === b.name.en && a.name.fr === b.name.fr && a.language === b.language && a.mode === b.mode;
}

/** The fields of a change that are set (an absent field keeps its value). */
function definedOf<T extends object>(change: T): Partial<T> {
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as Partial<T>;
}
