/**
 * Whether chat is open for each topic and language of a site (its switch, its hours, someone signed
 * in to answer), and what the chat app shows before a chat: read by `GET /api/widget/site` and
 * checked again when a chat starts.
 */
import type { WidgetSiteResponse } from '../../protocol/http.js';
import { WEEKDAYS } from '../../protocol/hours.js';
import { AppError } from '../domain/app-error.js';
import { availability, periodsOf, upcomingHolidays } from '../domain/business-hours.js';
import { siteClosedReason, topicAvailabilities, type StaffingAgent } from '../domain/chat-availability.js';
import type { Site } from '../domain/entities.js';
import type { Store } from '../stores/store.js';
import type { Clock } from './clock.js';
import type { EventBus } from './events.js';
import { topicViews } from './views.js';

/** How far ahead the chat app is told of holidays. */
const HOLIDAYS_SHOWN_DAYS = 60;
/**
 * How long one read of who is signed in serves every chat app asking: the site answer is public
 * and unauthenticated, so however often it is asked, each node reads the agents at most this
 * often. A presence change on this node drops it at once; one on another node shows within it.
 */
const STAFFING_CACHE_MS = 2000;

export class AvailabilityService {
  private staffingRead: { at: number; agents: Promise<StaffingAgent[]> } | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    events: EventBus,
  ) {
    events.subscribe((event) => {
      if (event.type === 'agent.presence-changed') this.staffingRead = null;
    });
  }

  /**
   * The site as the chat app sees it before a chat: name, topics, availability per topic and
   * language, hours, other ways to reach the service, self-service links. Reads every agent and
   * presence once (agents number in the hundreds).
   */
  async widgetSite(site: Site): Promise<WidgetSiteResponse> {
    const now = this.clock.now();
    const hours = availability(site.hours, now);
    return {
      id: site.id,
      name: site.name,
      topics: topicViews(site),
      availability: topicAvailabilities(site, hours, await this.staffing()),
      nextOpening: !hours.open && hours.nextOpening !== null ? new Date(hours.nextOpening).toISOString() : null,
      hours:
        site.hours === null
          ? null
          : {
              timeZone: site.hours.timeZone,
              days: WEEKDAYS.map((day) => ({ day, periods: periodsOf(site.hours?.weekly[day]) })),
              upcomingHolidays: upcomingHolidays(site.hours, now, HOLIDAYS_SHOWN_DAYS).slice(0, 10),
              lastAdmissionMinutes: site.hours.lastAdmissionMinutes,
            },
      otherWays: site.otherWays,
      selfService: site.selfService,
      privacyNotice: site.privacyNotice ?? null,
      quickExitUrl: site.quickExit?.enabled === true ? site.quickExit.url : null,
    };
  }

  /** Throws `chat_unavailable`, with the reason, when the site's switch or hours allow no new chat now. */
  assertOpen(site: Site): void {
    const reason = siteClosedReason(site, availability(site.hours, this.clock.now()));
    if (reason !== null) throw new AppError('chat_unavailable', `Chat is not available right now (${reason}).`, reason);
  }

  /** Who could answer, read at most once per STAFFING_CACHE_MS. */
  private staffing(): Promise<StaffingAgent[]> {
    const now = this.clock.now();
    if (this.staffingRead === null || now - this.staffingRead.at >= STAFFING_CACHE_MS) {
      const read = this.readStaffing();
      this.staffingRead = { at: now, agents: read };
      // A failed read (the store away) is not kept.
      read.catch(() => {
        if (this.staffingRead?.agents === read) this.staffingRead = null;
      });
    }
    return this.staffingRead.agents;
  }

  private async readStaffing(): Promise<StaffingAgent[]> {
    const [agents, presences] = await Promise.all([this.store.agents.list(), this.store.presence.list()]);
    const statusOf = new Map(presences.map((presence) => [presence.agentId, presence.status]));
    return agents
      .filter((agent) => agent.active)
      .map((agent) => ({ queueIds: agent.queueIds, languages: agent.languages, status: statusOf.get(agent.id) ?? 'offline' }));
  }
}
