/**
 * The `/agent` namespace: what the agent console may send and what the server announces to it.
 * Connections are authenticated by the signed session cookie set at sign-in.
 */
import { z } from 'zod';
import type { CommandSchemas } from './command-schemas.js';
import type { AckCallback } from './error-codes.js';
import { MESSAGES_PAGE_MAX } from './limits.js';
import {
  type AgentConversation,
  type AgentProfile,
  CloseReasonSchema,
  type Message,
  type Topic,
} from './models.js';
import { ClientIdSchema, MessageTextSchema } from './visitor-events.js';

/** Sent in the Socket.IO handshake (`auth`); the identity itself comes from the cookie. */
export const AgentHandshakeSchema = z.object({ protocolVersion: z.number().int() });

export const ConversationIdSchema = z.string().min(1).max(64);

export const AgentSetStatusSchema = z.object({ status: z.enum(['available', 'away']) });
export type AgentSetStatus = z.input<typeof AgentSetStatusSchema>;

export const ConversationRefSchema = z.object({ conversationId: ConversationIdSchema });
export type ConversationRef = z.input<typeof ConversationRefSchema>;

export const AgentMessageSendSchema = z.object({
  conversationId: ConversationIdSchema,
  clientId: ClientIdSchema,
  text: MessageTextSchema,
});
export type AgentMessageSend = z.input<typeof AgentMessageSendSchema>;

export const AgentMessagesSinceSchema = z.object({
  conversationId: ConversationIdSchema,
  afterSeq: z.number().int().nonnegative(),
  limit: z.number().int().positive().max(MESSAGES_PAGE_MAX).optional(),
});
export type AgentMessagesSince = z.input<typeof AgentMessagesSinceSchema>;

export const AgentEndSchema = z.object({
  conversationId: ConversationIdSchema,
  reason: CloseReasonSchema.exclude(['visitor_ended']).default('resolved'),
});
export type AgentEnd = z.input<typeof AgentEndSchema>;

export const ConsoleSyncSchema = z.object({}).strict();
export type ConsoleSync = z.input<typeof ConsoleSyncSchema>;

/** Everything the console needs to draw itself after a (re)connection. */
export interface ConsoleSnapshot {
  agent: AgentProfile;
  topics: Topic[];
  /** Waiting conversations, next first. */
  queue: AgentConversation[];
  /** Conversations assigned to this agent and not closed. */
  conversations: AgentConversation[];
}

/** Commands from the console. Each is acknowledged (see `Ack`). */
export interface AgentClientEvents {
  'console:sync': (payload: ConsoleSync, ack: AckCallback<ConsoleSnapshot>) => void;
  'agent:set-status': (payload: AgentSetStatus, ack: AckCallback<{ agent: AgentProfile }>) => void;
  'conversation:accept': (payload: ConversationRef, ack: AckCallback<{ conversation: AgentConversation }>) => void;
  'conversation:end': (payload: AgentEnd, ack: AckCallback<{ conversation: AgentConversation }>) => void;
  'message:send': (payload: AgentMessageSend, ack: AckCallback<{ message: Message }>) => void;
  'messages:since': (
    payload: AgentMessagesSince,
    ack: AckCallback<{ conversation: AgentConversation; messages: Message[]; hasMore: boolean }>,
  ) => void;
}

/** The schema that validates each console command; the server registers its handlers from this. */
export const AGENT_COMMAND_SCHEMAS = {
  'console:sync': ConsoleSyncSchema,
  'agent:set-status': AgentSetStatusSchema,
  'conversation:accept': ConversationRefSchema,
  'conversation:end': AgentEndSchema,
  'message:send': AgentMessageSendSchema,
  'messages:since': AgentMessagesSinceSchema,
} as const satisfies CommandSchemas<AgentClientEvents>;

/** Facts the server announces to consoles. */
export interface AgentServerEvents {
  /** The whole waiting queue, next first, after any change to it. */
  'queue:updated': (queue: AgentConversation[]) => void;
  /** A conversation this agent holds (or just lost, or that just closed) changed. */
  'conversation:updated': (conversation: AgentConversation) => void;
  'message:created': (message: Message) => void;
  'agent:updated': (agent: AgentProfile) => void;
  /** The session behind this connection ended; the console should return to sign-in. */
  'session:ended': (reason: { code: 'session_expired' | 'signed_out' }) => void;
}
