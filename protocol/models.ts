/**
 * Wire shapes of the objects the server sends: messages, conversations, agents, topics.
 * Types are derived from the schemas; clients import the types only (`import type`), so the
 * schema library never reaches a browser bundle.
 */
import { z } from 'zod';
import { LANGUAGES } from './languages.js';
import { PAGE_URL_MAX } from './limits.js';

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

/** Why a conversation ended. Agents pick one when they end a chat; visitors always `visitor_ended`. */
export const CLOSE_REASONS = [
  'visitor_ended',
  'resolved',
  'visitor_unresponsive',
  'referred_elsewhere',
  'abusive',
] as const;
export const CloseReasonSchema = z.enum(CLOSE_REASONS);
export type CloseReason = z.infer<typeof CloseReasonSchema>;

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

/** The conversation as the citizen who started it sees it. */
export const VisitorConversationSchema = z.object({
  id: z.string(),
  status: ConversationStatusSchema,
  topicId: z.string(),
  language: LanguageSchema,
  visitorName: z.string().nullable(),
  /** 1 for the next chat to be answered; null unless queued. */
  queuePosition: z.number().int().positive().nullable(),
  /**
   * While queued: where this chat sorts in its queue (lower is served first) and the queue's
   * revision the position was read at, so that `queue:changed` deltas can move it (see
   * visitor-events.ts). Null unless queued.
   */
  queueKey: z.number().nullable(),
  queueRevision: z.number().int().nonnegative().nullable(),
  /** First name of the agent answering; null until one accepts. */
  agentName: z.string().nullable(),
  closedBy: CloserSchema.nullable(),
  closeReason: CloseReasonSchema.nullable(),
  startedAt: z.iso.datetime(),
  /** Sequence number of the latest message; 0 when there is none. */
  lastSeq: z.number().int().nonnegative(),
  /** Grows with every change of state: a client keeps the view with the highest version it saw. */
  version: z.number().int().positive(),
});
export type VisitorConversation = z.infer<typeof VisitorConversationSchema>;

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
});
export type AgentProfile = z.infer<typeof AgentProfileSchema>;
