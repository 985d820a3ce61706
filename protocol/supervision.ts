/**
 * The supervisor's live view (`/agent` namespace, supervisors and managers only): every queue and
 * every agent now, changes as they happen, a chat opened read-only, and an agent's chat limit.
 * Clients import the types only (`import type`), so the schema library never reaches a browser.
 */
import { z } from 'zod';
import { AGENT_CHAT_LIMIT_MAX } from './limits.js';
import { AgentStatusSchema, AwayReasonSchema, BilingualSchema, LanguageSchema, RoleSchema } from './models.js';

/** How a queue's chats find an agent: given by the server, or picked by agents from their console. */
export const QUEUE_MODES = ['automatic', 'agents_pick'] as const;
export const QueueModeSchema = z.enum(QUEUE_MODES);

/**
 * One queue as a supervisor sees it. `agents` counts the agents who serve it (the queue is theirs
 * and they speak its language): `available` (available with a console connected: routing gives
 * them chats), `away` (away, connected or within their reconnect grace), `withRoom` (available
 * ones below their limit: a chat could go to them now). `at` is when the server read it: a client
 * keeps, per queue, the entry with the latest `at` (updates from two nodes may cross).
 */
export const SupervisedQueueSchema = z.object({
  id: z.string(),
  name: BilingualSchema,
  language: LanguageSchema,
  mode: QueueModeSchema,
  /** Chats waiting now. */
  waiting: z.number().int().nonnegative(),
  /** When the chat waiting longest joined the queue (its wait is now minus this); null when none waits. */
  oldestQueuedAt: z.iso.datetime().nullable(),
  agents: z.object({
    available: z.number().int().nonnegative(),
    away: z.number().int().nonnegative(),
    withRoom: z.number().int().nonnegative(),
  }),
  at: z.iso.datetime(),
});
export type SupervisedQueue = z.infer<typeof SupervisedQueueSchema>;

/** One console account (agent, supervisor or manager) as a supervisor sees it; `at` as for queues. */
export const SupervisedAgentSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  status: AgentStatusSchema,
  awayReason: AwayReasonSchema.nullable(),
  languages: z.array(LanguageSchema),
  queueIds: z.array(z.string()),
  /** Chats in progress this agent holds. May exceed the limit just after a supervisor lowered it. */
  openChats: z.number().int().nonnegative(),
  maxConcurrentChats: z.number().int().positive(),
  /** A console of theirs is open on some node (false while within the reconnect grace, and offline). */
  connected: z.boolean(),
  at: z.iso.datetime(),
});
export type SupervisedAgent = z.infer<typeof SupervisedAgentSchema>;

/** Everything, as read at `at` (answer to `supervision:subscribe`). */
export interface SupervisionSnapshot {
  queues: SupervisedQueue[];
  agents: SupervisedAgent[];
  at: string;
}

/**
 * What changed since the sending node last looked: the entries that differ (whole, each with its
 * `at`), and those that are gone. At most one a second from each node (`supervision:changed`).
 */
export interface SupervisionChange {
  queues: SupervisedQueue[];
  agents: SupervisedAgent[];
  removedQueueIds: string[];
  removedAgentIds: string[];
  at: string;
}

const IdSchema = z.string().min(1).max(64);

/** Joins the live view: answers the whole picture, then `supervision:changed` as things change. */
export const SupervisionSubscribeSchema = z.object({}).strict();
export type SupervisionSubscribe = z.input<typeof SupervisionSubscribeSchema>;

/** The chats of one queue (first in line first) or of one agent (in progress), at most SUPERVISION_CHATS_MAX. */
export const SupervisionChatsSchema = z.union([z.object({ queueId: IdSchema }).strict(), z.object({ agentId: IdSchema }).strict()]);
export type SupervisionChats = z.input<typeof SupervisionChatsSchema>;

/** Watches a chat read-only (live messages, notes and changes), or stops watching it. */
export const SupervisionWatchSchema = z.object({ conversationId: IdSchema });
export type SupervisionWatch = z.input<typeof SupervisionWatchSchema>;

/** Sets an agent's chat limit: from 1 to AGENT_CHAT_LIMIT_MAX, applied at once; open chats stay. */
export const AgentSetLimitSchema = z.object({
  agentId: IdSchema,
  maxConcurrentChats: z.number().int().min(1).max(AGENT_CHAT_LIMIT_MAX),
});
export type AgentSetLimit = z.input<typeof AgentSetLimitSchema>;
