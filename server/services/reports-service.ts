/**
 * Reports (README.md, "Reports"): counts what happens into the hourly rollup as it happens, and
 * answers summaries, CSV tables and the observed demand from it.
 *
 * Counting: this node's domain events (each is published once, by the node that did the thing),
 * the offers this node answered (OfferService), and a staffing sample once a minute (one node
 * per minute, by a claim in the store). Facts are buffered and written every REPORT_FLUSH_MS in
 * one batch; a batch lost while the store is away is logged once, not retried (counts are for
 * reports, and a retry could count twice).
 */
import { REPORT_TARGET_SECONDS_DEFAULT, type ReportGrouping, type ReportSummary } from '../../protocol/reports.js';
import { reportTables, type ReportTable, type ReportTableId } from '../../protocol/report-tables.js';
import { AppError } from '../domain/app-error.js';
import { csvCell } from '../domain/audit-log.js';
import type { Agent, Conversation } from '../domain/entities.js';
import {
  HOUR_MS,
  REPORT_PAGES_PER_HOUR,
  REPORT_RANGE_MAX_HOURS,
  REPORT_RETENTION_MS,
  STAFF_SCOPE,
  hourOf,
  type ReportCell,
  type ReportFact,
} from '../domain/reports.js';
import { conversationFacts, firstResponseFacts, isAgentMessage, leftMessageFacts, offerFacts, staffFacts, surveyFacts } from '../domain/reports-facts.js';
import { summarize, type SummaryFilter } from '../domain/reports-summary.js';
import { hasRole } from '../domain/roles.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';
import type { DomainEvent, EventBus } from './events.js';
import type { OfferService } from './offer-service.js';
import type { PresenceLogger } from './presence-service.js';
import type { RolloutService } from './rollout-service.js';

/** How often a node writes the facts it buffered. */
export const REPORT_FLUSH_MS = 1000;
/** Facts buffered beyond this are written at once (bounds the node's memory under a flood). */
export const REPORT_BUFFER_MAX = 5000;
/** How often agents are sampled for occupancy and concurrency (one node per period). */
export const STAFF_SAMPLE_MS = 60_000;
/** How long a chat's first-response claim stands (longer than any chat). */
const FIRST_RESPONSE_CLAIM_MS = 2 * 24 * HOUR_MS;
/** Conversations this node knows already had their first response (spares the store a claim per agent message). */
const RESPONDED_REMEMBERED = 10_000;

export interface SummaryQuery extends SummaryFilter {
  from: number;
  to: number;
  groupBy: ReportGrouping;
  timeZone?: string | undefined;
  targetSeconds?: number | undefined;
}

export class ReportsService {
  private buffer: ReportFact[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private sampleTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | null = null;
  private failing = false;
  private readonly responded = new Set<string>();
  /** Work started by events (a policy read before counting), awaited by `settle`. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
    private readonly rollout: RolloutService,
    private readonly offers: OfferService,
    private readonly logger: PresenceLogger,
  ) {}

  /** Starts counting (events, offers) and the minute's staffing sample. */
  start(): void {
    this.listen();
    this.flushTimer = setInterval(() => void this.flush(), REPORT_FLUSH_MS);
    this.flushTimer.unref();
    this.sampleTimer = setInterval(() => void this.sampleStaff(), STAFF_SAMPLE_MS);
    this.sampleTimer.unref();
  }

  /** Counts events and offers without timers (tests and the benchmark call flush themselves). */
  listen(): void {
    if (this.unsubscribe !== null) return;
    this.unsubscribe = this.events.subscribe((event) => this.onEvent(event));
    this.offers.observeOffers((seen) => this.push(offerFacts(seen)));
  }

  /** Stops counting and writes what is buffered. */
  async stop(): Promise<void> {
    clearInterval(this.flushTimer);
    clearInterval(this.sampleTimer);
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.settle();
  }

  /** Waits for the counting under way and writes the buffer. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    await this.flush();
  }

  /** Writes the buffered facts (one batch); never throws. */
  flush(): Promise<void> {
    if (this.buffer.length === 0) return this.flushing;
    const facts = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(async () => {
      try {
        await this.store.reports.record(facts, REPORT_PAGES_PER_HOUR, REPORT_RETENTION_MS, this.clock.now());
        if (this.failing) this.logger.info({}, 'report counts recorded again');
        this.failing = false;
      } catch (error) {
        if (!this.failing) this.logger.warn({ err: error, facts: facts.length }, 'report counts not recorded; counting goes on');
        this.failing = true;
      }
    });
    return this.flushing;
  }

  /**
   * Samples every agent once for this minute, on one node (the first to claim the minute): a
   * minute available, busy (holding a slot) and a chat-minute per slot held.
   */
  async sampleStaff(): Promise<void> {
    const now = this.clock.now();
    const minute = Math.floor(now / 60_000);
    try {
      if (!(await this.store.reports.claim(`staff-sample:${minute}`, 2 * STAFF_SAMPLE_MS, now))) return;
      const presences = await this.store.presence.list();
      const slots = await this.store.conversations.countActiveByAgent(presences.map((presence) => presence.agentId));
      const samples = presences.map((presence) => ({
        agentId: presence.agentId,
        available: presence.status === 'available',
        slots: slots.get(presence.agentId) ?? 0,
      }));
      this.push(staffFacts(samples, now));
    } catch (error) {
      this.logger.warn({ err: error }, 'staffing sample not taken');
    }
  }

  /** The summary a supervisor or manager asked for. */
  async summary(agent: Agent, query: SummaryQuery): Promise<ReportSummary> {
    if (!hasRole(agent.role, 'supervisor')) throw new AppError('forbidden', 'Only supervisors and managers read reports.');
    const started = performance.now();
    const { cells, hoursRead } = await this.cellsOf(query);
    const names = new Map((await this.store.agents.list()).map((account) => [account.id, account.displayName]));
    return summarize(
      cells,
      {
        from: query.from,
        to: query.to,
        groupBy: query.groupBy,
        timeZone: query.timeZone ?? 'UTC',
        targetSeconds: query.targetSeconds ?? REPORT_TARGET_SECONDS_DEFAULT,
        siteId: query.siteId,
        language: query.language,
        queueId: query.queueId,
      },
      names,
      { hoursRead, cellsRead: cells.length, millis: Math.round(performance.now() - started) },
    );
  }

  /** One of the page's tables as CSV (formula-safe cells), the same rows the page shows. */
  async csv(agent: Agent, query: SummaryQuery, tableId: ReportTableId): Promise<string> {
    const table = reportTables(await this.summary(agent, query)).find((candidate) => candidate.id === tableId);
    if (table === undefined) throw new AppError('not_found', `No report table "${tableId}".`);
    return tableCsv(table);
  }

  /** The cells of the sites asked (every site when none) and the staffing scope, over the range's hours. */
  private async cellsOf(query: SummaryQuery): Promise<{ cells: ReportCell[]; hoursRead: number }> {
    const fromHour = Math.ceil(query.from / HOUR_MS) * HOUR_MS;
    const toHour = hourOf(query.to);
    const hours = Math.max(0, (toHour - fromHour) / HOUR_MS + 1);
    if (hours > REPORT_RANGE_MAX_HOURS + 1) throw new AppError('invalid_payload', 'Report at most 93 days at a time.');
    const scopes = query.siteId !== undefined ? [query.siteId] : (await this.store.sites.list()).map((site) => site.id);
    const now = this.clock.now();
    const read = await Promise.all([...scopes, STAFF_SCOPE].map((scope) => this.store.reports.read(scope, fromHour, toHour, now)));
    return { cells: read.flat(), hoursRead: hours * (scopes.length + 1) };
  }

  private onEvent(event: DomainEvent): void {
    switch (event.type) {
      case 'conversation.changed': {
        // The hour it happened, read now: the share is read before counting.
        const now = this.clock.now();
        this.withShare(event.conversation.siteId, (share) => conversationFacts(event.conversation, event.previous, share, now));
        return;
      }
      case 'message.created':
        if (isAgentMessage(event.message) && !this.responded.has(event.conversation.id)) this.countFirstResponse(event.conversation, event.message);
        return;
      case 'survey.answered':
        this.withShare(event.siteId, (share) => surveyFacts(event, share));
        return;
      case 'inbox.item-changed':
        if (event.created) this.withShare(event.item.siteId, (share) => leftMessageFacts(event.item, share));
        return;
      default:
        return;
    }
  }

  private countFirstResponse(conversation: Conversation, message: Parameters<typeof firstResponseFacts>[1]): void {
    if (this.responded.size >= RESPONDED_REMEMBERED) this.responded.clear();
    this.responded.add(conversation.id);
    this.track(async () => {
      if (!(await this.store.reports.claim(`first-response:${conversation.id}`, FIRST_RESPONSE_CLAIM_MS, this.clock.now()))) return;
      const share = await this.shareOf(conversation.siteId);
      this.push(firstResponseFacts(conversation, message, share));
    });
  }

  /** Counts facts that carry the chat rule's share in force now (cached reads: site 1 s, policy 2 s). */
  private withShare(siteId: string, facts: (share: number) => ReportFact[]): void {
    this.track(async () => this.push(facts(await this.shareOf(siteId))));
  }

  private async shareOf(siteId: string): Promise<number> {
    try {
      return (await this.rollout.policyOf(await this.offers.siteOf(siteId))).chat.share;
    } catch {
      return -1;
    }
  }

  private track(work: () => Promise<void>): void {
    const running: Promise<void> = work()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'report fact not counted'))
      .finally(() => this.pending.delete(running));
    this.pending.add(running);
  }

  private push(facts: readonly ReportFact[]): void {
    if (facts.length === 0) return;
    this.buffer.push(...facts);
    if (this.buffer.length >= REPORT_BUFFER_MAX) void this.flush();
  }
}

/** A table as CSV: its column ids, then its rows; every cell formula-safe. */
export function tableCsv(table: ReportTable): string {
  const line = (cells: ReadonlyArray<string | number | null>) => cells.map((cell) => csvCell(cell === null ? '' : String(cell))).join(',');
  return [line(table.columns), ...table.rows.map(line)].join('\r\n') + '\r\n';
}
