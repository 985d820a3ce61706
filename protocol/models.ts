/**
 * Wire shapes of the objects the server sends: messages, conversations, agents, topics.
 * Types are derived from the schemas; clients import the types only (`import type`), so the
 * schema library never reaches a browser bundle.
 */
import { z } from 'zod';
import { OTHER_WAY_KINDS, UNAVAILABLE_REASONS, WEEKDAYS } from './hours.js';
import { LANGUAGES } from './languages.js';
import { PAGE_URL_MAX } from './limits.js';
import { PublicNameViewSchema } from './public-name.js';
import { WAIT_BANDS } from './wait-estimate.js';

export const LanguageSchema = z.enum(LANGUAGES);

/** A web page address: http or https only (never `javascript:` or `data:`), at most PAGE_URL_MAX. */
export const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'Must be an http or https address.' }).max(PAGE_URL_MAX);

export const BilingualSchema = z.object({ en: z.string(), fr: z.string() });

export const ROLES = ['agent', 'supervisor', 'manager'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const AGENT_STATUSES = ['available', 'away', 'offline'] as const;
export const AgentStatusSchema = z.enum(AGENT_STATUSES);
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

/** Why an agent is away, when they say: a short fixed list, shown in their console (and later to supervisors). */
export const AWAY_REASONS = ['break', 'meal', 'meeting', 'training', 'other'] as const;
export const AwayReasonSchema = z.enum(AWAY_REASONS);
export type AwayReason = z.infer<typeof AwayReasonSchema>;

export const CONVERSATION_STATUSES = ['queued', 'active', 'closed'] as const;
export const ConversationStatusSchema = z.enum(CONVERSATION_STATUSES);
export type ConversationStatus = z.infer<typeof ConversationStatusSchema>;

/** Who ended a conversation. `system` is the server itself (for example, retention or shutdown). */
export const CLOSERS = ['visitor', 'agent', 'system'] as const;
export const CloserSchema = z.enum(CLOSERS);
export type Closer = z.infer<typeof CloserSchema>;

/**
 * Why a conversation ended. Agents pick one when they end a chat; visitors always `visitor_ended`;
 * the service closes with one of `SERVICE_CLOSE_REASONS`.
 */
export const CLOSE_REASONS = [
  'visitor_ended',
  'resolved',
  'visitor_unresponsive',
  'referred_elsewhere',
  'abusive',
  'abandoned',
  'visitor_gone',
  'visitor_inactive',
] as const;
export const CloseReasonSchema = z.enum(CLOSE_REASONS);
export type CloseReason = z.infer<typeof CloseReasonSchema>;

/**
 * Reasons only the service gives (`closedBy: 'system'`): the citizen left the queue before being
 * answered (`abandoned`), left a chat in progress and did not come back (`visitor_gone`), or was
 * silent too long (`visitor_inactive`). See server/domain/visitor-presence.ts.
 */
export const SERVICE_CLOSE_REASONS = ['abandoned', 'visitor_gone', 'visitor_inactive'] as const satisfies readonly CloseReason[];
export type ServiceCloseReason = (typeof SERVICE_CLOSE_REASONS)[number];

export const AUTHOR_KINDS = ['visitor', 'agent', 'system'] as const;

/** One chat message as both sides see it. `seq` orders messages within their conversation. */
export const MessageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number().int().positive(),
  clientId: z.string(),
  author: z.object({
    kind: z.enum(AUTHOR_KINDS),
    name: z.string().nullable(),
    /** Which agent wrote it: sent to consoles only, null for visitors (and in the chat app). */
    agentId: z.string().nullable(),
  }),
  text: z.string(),
  sentAt: z.iso.datetime(),
});
export type Message = z.infer<typeof MessageSchema>;

/** A topic a citizen can pick before a chat. */
export const TopicSchema = z.object({ id: z.string(), label: BilingualSchema });
export type Topic = z.infer<typeof TopicSchema>;

/**
 * A chat about to close because the citizen has been silent: when, and how many seconds were left
 * when the server sent it (clients count from their own receipt, whatever their clock says).
 */
export const IdleWarningSchema = z.object({
  closesAt: z.iso.datetime(),
  secondsLeft: z.number().int().nonnegative(),
});
export type IdleWarning = z.infer<typeof IdleWarningSchema>;
/** A band a wait is said in (see protocol/wait-estimate.ts); `no_agent` promises no time. */
export const WaitBandSchema = z.enum(WAIT_BANDS);

/**
 * What a queue's wait depends on (`WaitInputs` of protocol/wait-estimate.ts), as the server last
 * computed it; `at` orders two of them (the later wins).
 */
export const QueueWaitSchema = z.object({
  slots: z.number().int().nonnegative(),
  freeSlots: z.number().int().nonnegative(),
  handleMs: z.number().nonnegative(),
  at: z.iso.datetime(),
});
export type QueueWait = z.infer<typeof QueueWaitSchema>;

/** The conversation as the citizen who started it sees it. */
export const VisitorConversationSchema = z.object({
  id: z.string(),
  status: ConversationStatusSchema,
  topicId: z.string(),
  language: LanguageSchema,
  visitorName: z.string().nullable(),
  /**
   * The line the chat waits in (or last waited in): its topic's queue for its language. Changes
   * when the citizen switches language; places, revisions and wait inputs belong to one queue.
   */
  queueId: z.string(),
  /** 1 for the next chat to be answered; null unless queued. */
  queuePosition: z.number().int().positive().nullable(),
  /**
   * While queued: where this chat sorts in its queue (lower is served first) and the queue's
   * revision the position was read at, so that `queue:changed` deltas can move it (see
   * visitor-events.ts). Null unless queued.
   */
  queueKey: z.number().nullable(),
  queueRevision: z.number().int().nonnegative().nullable(),
  /**
   * The public name (first name or alias, approved by a manager: protocol/public-name.ts) of the
   * agent answering; null until one accepts, and while theirs is not approved (the chat app says
   * "an agent" then). Never the account's display name.
   */
  agentName: z.string().nullable(),
  closedBy: CloserSchema.nullable(),
  closeReason: CloseReasonSchema.nullable(),
  startedAt: z.iso.datetime(),
  /** Sequence number of the latest message; 0 when there is none. */
  lastSeq: z.number().int().nonnegative(),
  /** Grows with every change of state: a client keeps the view with the highest version it saw. */
  version: z.number().int().positive(),
  /** Set while the chat is about to close for inactivity: the citizen may stay (`conversation:extend`). */
  idleWarning: IdleWarningSchema.nullable(),
  /** While queued: what its queue's wait depends on, so a client can turn a new position into a wait. Null otherwise. */
  queueWait: QueueWaitSchema.nullable(),
  /** While queued: `estimateWait(queuePosition, queueWait).band`. Null otherwise. */
  estimatedWait: WaitBandSchema.nullable(),
  /**
   * Why the chat is where it is, when a transfer put it there: `agent` while another agent took it
   * over from the one the citizen was talking to, `queue` while it waits in the line another team
   * answers. Null otherwise (and absent from a server of the previous version). No agent internals.
   */
  transferred: z.enum(['agent', 'queue']).nullable(),
  /** The reference number the citizen quotes (on the phone, in a letter): `K7M-4QX`. */
  reference: z.string(),
  /** Whether the survey after the chat was answered (it is asked at most once). */
  surveyAnswered: z.boolean(),
});
export type VisitorConversation = z.infer<typeof VisitorConversationSchema>;

/**
 * The wrap-up of an ended chat, owed by the agent who held it: until `outcome` is recorded (or
 * `dueAt` passes, when the outcome becomes `not_recorded`), the chat takes one of their slots.
 */
export const WrapUpViewSchema = z.object({
  dueAt: z.iso.datetime(),
  /** The outcome code recorded; null while owed; `not_recorded` when the deadline passed first. */
  outcome: z.string().nullable(),
  note: z.string().nullable(),
  recordedAt: z.iso.datetime().nullable(),
});
export type WrapUpView = z.infer<typeof WrapUpViewSchema>;

/** The conversation as an agent sees it: the visitor's context included. */
export const AgentConversationSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  status: ConversationStatusSchema,
  topicId: z.string(),
  topicLabel: BilingualSchema,
  language: LanguageSchema,
  visitorName: z.string().nullable(),
  pageUrl: z.string(),
  pageTitle: z.string().nullable(),
  queuedAt: z.iso.datetime(),
  /** Position in the queue (1 = next), null unless queued. */
  queuePosition: z.number().int().positive().nullable(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  assignedAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
  closedBy: CloserSchema.nullable(),
  closeReason: CloseReasonSchema.nullable(),
  lastSeq: z.number().int().nonnegative(),
  /** Grows with every change of state: a client keeps the view with the highest version it saw. */
  version: z.number().int().positive(),
  /** When the citizen's chat window closed (no connection on any node); null while it is open. */
  visitorLeftAt: z.iso.datetime().nullable(),
  /** Set while the chat is about to close for inactivity (the citizen was warned). */
  idleWarning: IdleWarningSchema.nullable(),
  /** Once an answered chat has ended: the wrap-up its agent owes, or recorded. Null otherwise. */
  wrapUp: WrapUpViewSchema.nullable(),
  /**
   * The chat's latest transfer, if any: to an agent (then `at` equals `assignedAt` while they hold
   * it: given to them, not picked) or to a queue. Who made it is in the chat's notes.
   */
  lastTransfer: z.object({ kind: z.enum(['agent', 'queue']), at: z.iso.datetime() }).nullable(),
  /** The reference number the citizen was given (`K7M-4QX`), which they quote on the phone. */
  reference: z.string(),
});
export type AgentConversation = z.infer<typeof AgentConversationSchema>;

/**
 * A waiting chat as consoles list it, built from the conversation record alone. Consoles order a
 * queue by `key` (lower is served first: chats given back by an agent who dropped, then first come,
 * first served); a chat's position is its place in that order within its queue.
 */
export const QueueEntrySchema = z.object({
  id: z.string(),
  siteId: z.string(),
  queueId: z.string(),
  topicId: z.string(),
  topicLabel: BilingualSchema,
  language: LanguageSchema,
  visitorName: z.string().nullable(),
  pageUrl: z.string(),
  pageTitle: z.string().nullable(),
  queuedAt: z.iso.datetime(),
  /** Given back to the queue by an agent who dropped: served before new chats. */
  requeued: z.boolean(),
  key: z.number(),
  version: z.number().int().positive(),
});
export type QueueEntry = z.infer<typeof QueueEntrySchema>;

/** The signed-in agent, supervisor or manager. */
export const AgentProfileSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  status: AgentStatusSchema,
  maxConcurrentChats: z.number().int().positive(),
  /** Why the agent is away, if they said; null unless away. */
  awayReason: AwayReasonSchema.nullable(),
  /** The languages the agent chats in (a chat whose citizen switches to another stays with them). */
  languages: z.array(LanguageSchema),
  /** The name citizens see for this agent, and their latest proposal (protocol/public-name.ts). */
  publicName: PublicNameViewSchema,
});
export type AgentProfile = z.infer<typeof AgentProfileSchema>;

/** Why chat is unavailable (see protocol/hours.ts). */
export const UnavailableReasonSchema = z.enum(UNAVAILABLE_REASONS);

/** A time of day, `HH:MM`, `24:00` for the end of the day. */
const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);

/** Business hours as the chat app shows them: each day's periods (an empty list: closed) and the next holidays. */
export const HoursViewSchema = z.object({
  timeZone: z.string(),
  days: z.array(z.object({ day: z.enum(WEEKDAYS), periods: z.array(z.object({ opens: TimeOfDaySchema, closes: TimeOfDaySchema })) })),
  /** Holidays (local dates, `YYYY-MM-DD`) in the coming weeks. */
  upcomingHolidays: z.array(z.iso.date()),
  lastAdmissionMinutes: z.number().int().nonnegative(),
});
export type HoursView = z.infer<typeof HoursViewSchema>;

/** A link the chat app may put in an `href`: web pages and phone numbers only. */
const SafeHrefSchema = z.string().max(2048).regex(/^(https?:\/\/|tel:\+?[0-9]+$)/);

export const OtherWaySchema = z.object({
  kind: z.enum(OTHER_WAY_KINDS),
  text: BilingualSchema,
  href: z.object({ en: SafeHrefSchema, fr: SafeHrefSchema }).nullable(),
});

export const SelfServiceLinkSchema = z.object({ label: BilingualSchema, url: z.object({ en: SafeHrefSchema, fr: SafeHrefSchema }) });

/** Whether a chat on a topic, in a language, can start now, and if not why. */
export const TopicAvailabilitySchema = z.object({
  topicId: z.string(),
  language: LanguageSchema,
  available: z.boolean(),
  reason: UnavailableReasonSchema.nullable(),
});
export type TopicAvailability = z.infer<typeof TopicAvailabilitySchema>;

export const INBOX_STATUSES = ['new', 'answered'] as const;

/** A message left when chat was not available, as the console's inbox shows it. */
export const InboxItemSchema = z.object({
  id: z.string(),
  reference: z.string(),
  siteId: z.string(),
  queueId: z.string(),
  topicId: z.string(),
  topicLabel: BilingualSchema,
  language: LanguageSchema,
  visitorName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  text: z.string(),
  pageUrl: z.string(),
  createdAt: z.iso.datetime(),
  status: z.enum(INBOX_STATUSES),
  answeredAt: z.iso.datetime().nullable(),
  /** The display name of the agent who marked it answered. */
  answeredByName: z.string().nullable(),
  answerNote: z.string().nullable(),
});
export type InboxItemView = z.infer<typeof InboxItemSchema>;
