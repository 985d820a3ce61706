/**
 * What each thing that happens counts in the hourly rollup (server/domain/reports.ts): pure
 * functions from a domain event's records to the facts to add. The node that performs an action
 * publishes its event once, so each fact is counted once, at the hour it happens.
 */
import type { Language } from '../../protocol/languages.js';
import type { ChatMessage, Conversation, InboxItem } from './entities.js';
import {
  FIGURES,
  STAFF_SCOPE,
  abandonBucketFigure,
  hourOf,
  noDims,
  pageGroup,
  waitBucketFigure,
  type Figure,
  type ReportDims,
  type ReportFact,
} from './reports.js';

function conversationDims(conversation: Conversation, share: number): ReportDims {
  return {
    ...noDims(),
    page: pageGroup(conversation.pageUrl),
    language: conversation.language,
    topicId: conversation.topicId,
    queueId: conversation.queueId,
    share,
  };
}

/**
 * The facts of a conversation's change (`conversation.changed`: opened, answered, closed,
 * transferred, given back to the queue, wrap-up recorded). `share` is the chat rule's share in
 * force now. A chat is answered the first time an agent gets it (`firstAssignedAt`); one that
 * closes never answered is abandoned, whoever closed it.
 */
export function conversationFacts(next: Conversation, previous: Conversation | null, share: number, now: number): ReportFact[] {
  const dims = conversationDims(next, share);
  const hour = hourOf(now);
  const facts: ReportFact[] = [];
  const count = (figure: Figure, by = 1) => facts.push({ scope: next.siteId, hour, dims, figure, by });

  if (previous === null) {
    count(FIGURES.started);
    if (next.outsideSiteZone !== undefined) {
      count(FIGURES.zoneKnown);
      if (next.outsideSiteZone) count(FIGURES.outsideZone);
    }
  }
  const firstAssignedAt = next.firstAssignedAt ?? null;
  if (firstAssignedAt !== null && (previous?.firstAssignedAt ?? null) === null) {
    const wait = Math.max(0, firstAssignedAt - next.createdAt);
    count(FIGURES.answered);
    count(FIGURES.waitSum, wait);
    count(waitBucketFigure(wait));
  }
  if (previous !== null && next.transfers > previous.transfers) count(FIGURES.transferred, next.transfers - previous.transfers);
  if (previous?.status === 'active' && next.status === 'queued' && next.transfers === previous.transfers) count(FIGURES.requeued);
  if (next.status === 'closed' && previous?.status !== 'closed') {
    const closedAt = next.closedAt ?? now;
    count(FIGURES.closed);
    if (next.closeReason !== null) count(`close:${next.closeReason}`);
    if (firstAssignedAt === null) {
      const waited = Math.max(0, closedAt - next.createdAt);
      count(FIGURES.abandoned);
      count(FIGURES.abandonSum, waited);
      count(abandonBucketFigure(waited));
    } else {
      count(FIGURES.handled);
      count(FIGURES.handleSum, Math.max(0, closedAt - firstAssignedAt));
    }
  }
  const recorded = next.wrapUp?.recordedAt ?? null;
  if (recorded !== null && (previous?.wrapUp?.recordedAt ?? null) === null && next.wrapUp?.outcome != null) {
    count(`wrapup:${next.wrapUp.outcome}`);
  }
  return facts;
}

/**
 * The facts of an agent's first message in a chat (the caller decides it is the first: once per
 * conversation across nodes): the time from the answer to it.
 */
export function firstResponseFacts(conversation: Conversation, message: ChatMessage, share: number): ReportFact[] {
  const answeredAt = conversation.assignedAt ?? conversation.firstAssignedAt ?? message.sentAt;
  const dims = conversationDims(conversation, share);
  const hour = hourOf(message.sentAt);
  return [
    { scope: conversation.siteId, hour, dims, figure: FIGURES.firstResponse, by: 1 },
    { scope: conversation.siteId, hour, dims, figure: FIGURES.firstResponseSum, by: Math.max(0, message.sentAt - answeredAt) },
  ];
}

/** Whether a message is one whose first occurrence counts as the first response (an agent's). */
export function isAgentMessage(message: ChatMessage): boolean {
  return message.author.kind === 'agent';
}

/** A message left while chat was not available (`inbox.item-changed`, created). */
export function leftMessageFacts(item: InboxItem, share: number): ReportFact[] {
  const dims: ReportDims = { ...noDims(), page: pageGroup(item.pageUrl), language: item.language, topicId: item.topicId, queueId: item.queueId, share };
  return [{ scope: item.siteId, hour: hourOf(item.createdAt), dims, figure: FIGURES.leftMessage, by: 1 }];
}

/** A citizen's survey answers after their chat (`survey.answered`), counted at the hour answered. */
export interface SurveySeen {
  siteId: string;
  queueId: string;
  topicId: string;
  language: Language;
  satisfaction: number | null;
  alternative: string | null;
  at: number;
}

/**
 * The facts of one survey: answered, satisfaction (sum and per score) and the channel the citizen
 * would have used otherwise (`channel:{answer}`; `would_not_have_contacted` is net-new demand).
 */
export function surveyFacts(survey: SurveySeen, share: number): ReportFact[] {
  const dims: ReportDims = { ...noDims(), language: survey.language, topicId: survey.topicId, queueId: survey.queueId, share };
  const hour = hourOf(survey.at);
  const facts: ReportFact[] = [{ scope: survey.siteId, hour, dims, figure: FIGURES.surveys, by: 1 }];
  if (survey.satisfaction !== null) {
    facts.push({ scope: survey.siteId, hour, dims, figure: FIGURES.satisfactionCount, by: 1 });
    facts.push({ scope: survey.siteId, hour, dims, figure: FIGURES.satisfactionSum, by: survey.satisfaction });
    facts.push({ scope: survey.siteId, hour, dims, figure: `satisfaction:${survey.satisfaction}`, by: 1 });
  }
  if (survey.alternative !== null) facts.push({ scope: survey.siteId, hour, dims, figure: `channel:${survey.alternative}`, by: 1 });
  return facts;
}

/** One offer answered to a visitor: exposure (offered) and demand while closed, counted per distinct visitor. */
export interface OfferSeen {
  siteId: string;
  pageUrl: string;
  language: Language;
  /** A keyed hash of the visitor id (never the id itself). */
  visitorKey: string;
  offered: boolean;
  /** The offer said closed (outside hours), whether refused or showing the closed state. */
  closed: boolean;
  share: number;
  at: number;
}

export function offerFacts(seen: OfferSeen): ReportFact[] {
  const dims: ReportDims = { ...noDims(), page: pageGroup(seen.pageUrl), language: seen.language, share: seen.share };
  const hour = hourOf(seen.at);
  const facts: ReportFact[] = [];
  if (seen.offered) facts.push({ scope: seen.siteId, hour, dims, figure: FIGURES.offered, by: 1, visitorKey: seen.visitorKey });
  if (seen.closed) facts.push({ scope: seen.siteId, hour, dims, figure: FIGURES.closedOffer, by: 1, visitorKey: seen.visitorKey });
  return facts;
}

/** One agent as a staffing sample saw them: available or not, and how many slots they fill. */
export interface StaffSample {
  agentId: string;
  available: boolean;
  /** Chats in progress and wrap-ups owed (the slots routing counts). */
  slots: number;
}

/**
 * A minute's staffing sample: per agent, a minute available, a minute busy (holding at least one
 * slot) and a chat-minute per slot. Occupancy is busy ÷ available minutes; measured concurrency is
 * chat-minutes ÷ busy minutes (README.md, "Reports").
 */
export function staffFacts(samples: readonly StaffSample[], at: number, minutes = 1): ReportFact[] {
  const hour = hourOf(at);
  return samples.flatMap((sample) => {
    if (!sample.available && sample.slots === 0) return [];
    const dims: ReportDims = { ...noDims(), agentId: sample.agentId };
    const facts: ReportFact[] = [];
    if (sample.available) facts.push({ scope: STAFF_SCOPE, hour, dims, figure: FIGURES.availableMinutes, by: minutes });
    if (sample.slots > 0) {
      facts.push({ scope: STAFF_SCOPE, hour, dims, figure: FIGURES.busyMinutes, by: minutes });
      facts.push({ scope: STAFF_SCOPE, hour, dims, figure: FIGURES.chatMinutes, by: minutes * sample.slots });
    }
    return facts;
  });
}

/**
 * Whether a browser's time zone is outside the site's: their UTC offsets differ at `now` (two
 * names of one zone, or two zones in step, are the same zone to a citizen). Null when either is
 * unknown or not a zone this runtime knows.
 */
export function outsideSiteZone(browserZone: string | undefined, siteZone: string | null, now: number): boolean | null {
  if (browserZone === undefined || siteZone === null) return null;
  const a = utcOffsetMinutes(browserZone, now);
  const b = utcOffsetMinutes(siteZone, now);
  return a === null || b === null ? null : a !== b;
}

/** A zone's offset from UTC at `now`, in minutes; null for a zone this runtime does not know. */
export function utcOffsetMinutes(timeZone: string, now: number): number | null {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    }).formatToParts(now);
  } catch {
    return null;
  }
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return Math.round((local - Math.floor(now / 60_000) * 60_000) / 60_000);
}
