/**
 * The `/visitor` namespace: what the chat app inside the widget's iframe may send, and what the
 * server announces to it. A visitor is identified by the secret token issued when their
 * conversation starts; no command takes a conversation id, so a visitor can reach only their own.
 */
import { z } from 'zod';
import { isKnownTimeZone } from './time-zone-name.js';
import { exactCommandSchemas } from './command-schemas.js';
import { CHANNEL_ALTERNATIVES, SATISFACTION_SCORES } from './survey.js';
import type { AckCallback } from './error-codes.js';
import { isValidEmail, isValidPhone } from './contact-details.js';
import { CLIENT_ID_PATTERN, EMAIL_MAX, MESSAGE_TEXT_MAX, PAGE_TITLE_MAX, VISITOR_NAME_MAX } from './limits.js';
import { isBlankMessage, messageLength, normalizeMessageText } from './message-text.js';
import { HttpUrlSchema, LanguageSchema, type Message, type QueueWait, type VisitorConversation } from './models.js';
import type { RedactionKind } from './privacy.js';
import { VisitorIdSchema } from './rollout-offer.js';

/** Sent in the Socket.IO handshake (`auth`). `token` is present once a conversation exists. */
export const VisitorHandshakeSchema = z.object({
  protocolVersion: z.number().int(),
  siteId: z.string().min(1).max(64),
  token: z.string().min(33).max(200).optional(),
});
export type VisitorHandshake = z.infer<typeof VisitorHandshakeSchema>;

/**
 * Message text: trimmed, not blank (invisible characters alone count as blank), at most
 * MESSAGE_TEXT_MAX characters counted in code points: the rule of protocol/message-text.ts, which
 * the composers apply too.
 */
export const MessageTextSchema = z
  .string()
  .overwrite(normalizeMessageText)
  .refine((text) => !isBlankMessage(text), 'The message is empty.')
  .refine((text) => messageLength(text) <= MESSAGE_TEXT_MAX, `A message can have at most ${MESSAGE_TEXT_MAX} characters.`);

export const ClientIdSchema = z.string().regex(CLIENT_ID_PATTERN, 'clientId must be 8 to 64 letters, digits, - or _.');

/** A secret the chat app generates: with the conversation id it forms the visitor's token. */
export const VisitorSecretSchema = z.string().regex(/^[A-Za-z0-9_-]{32,128}$/, 'secret must be 32 to 128 letters, digits, - or _.');

/** An IANA time-zone name this runtime knows (`Europe/Paris`, `UTC`). */
export const TimeZoneNameSchema = z.string().refine(isKnownTimeZone, 'timeZone must be a known IANA time-zone name.');

/**
 * Starts a chat. `clientId` makes the start idempotent: sent again (say, after a lost
 * acknowledgement) with the same `clientId` and `secret`, it returns the same conversation.
 */
export const ConversationStartSchema = z.object({
  clientId: ClientIdSchema,
  secret: VisitorSecretSchema,
  visitorName: z
    .string()
    .trim()
    .max(VISITOR_NAME_MAX, `A name can have at most ${VISITOR_NAME_MAX} characters.`)
    .optional(),
  topicId: z.string().min(1).max(64),
  language: LanguageSchema,
  pageUrl: HttpUrlSchema,
  pageTitle: z.string().trim().max(PAGE_TITLE_MAX).optional(),
  /** The loader's random visitor id: the soft launch's rules are judged again for it at the start. */
  visitorId: VisitorIdSchema,
  /**
   * The browser's IANA time-zone name (`Intl.DateTimeFormat().resolvedOptions().timeZone`), for
   * reports only: the server keeps whether it is outside the site's zone, never the name.
   */
  timeZone: TimeZoneNameSchema.optional(),
});
export type ConversationStart = z.input<typeof ConversationStartSchema>;

export const VisitorMessageSendSchema = z.object({ clientId: ClientIdSchema, text: MessageTextSchema });
export type VisitorMessageSend = z.input<typeof VisitorMessageSendSchema>;

/** Asks for the conversation's state and every message after `afterSeq` (0 for all). */
export const VisitorSyncSchema = z.object({ afterSeq: z.number().int().nonnegative() });
export type VisitorSync = z.input<typeof VisitorSyncSchema>;

export const VisitorEndSchema = z.object({}).strict();
export type VisitorEnd = z.input<typeof VisitorEndSchema>;

/**
 * Leaves a message when chat is not available, for an agent to answer later. A way to reply is
 * optional (an email address, a phone number, or both), checked by the rules of
 * protocol/contact-details.ts. `clientId` makes it idempotent: sent again, it returns the same
 * reference. Needs no conversation.
 */
export const LeaveMessageSchema = z.object({
  clientId: ClientIdSchema,
  topicId: z.string().min(1).max(64),
  language: LanguageSchema,
  visitorName: z.string().trim().max(VISITOR_NAME_MAX, `A name can have at most ${VISITOR_NAME_MAX} characters.`).optional(),
  email: z.string().trim().max(EMAIL_MAX).refine(isValidEmail, 'Enter a valid email address.').optional(),
  phone: z.string().trim().refine(isValidPhone, 'Enter a valid phone number.').optional(),
  text: MessageTextSchema,
  pageUrl: HttpUrlSchema,
});
export type LeaveMessage = z.input<typeof LeaveMessageSchema>;
/** "Stay in the chat": answers an inactivity warning (`idleWarning`), so the chat stays open. */
export const VisitorExtendSchema = z.object({}).strict();
export type VisitorExtend = z.input<typeof VisitorExtendSchema>;
/** The citizen is typing (`true`, repeated while typing) or stopped (`false`). */
export const VisitorTypingSchema = z.object({ typing: z.boolean() });
export type VisitorTyping = z.input<typeof VisitorTypingSchema>;

/** The citizen switched the chat's language: the conversation follows (and, while waiting, its queue). */
export const VisitorSetLanguageSchema = z.object({ language: LanguageSchema });
export type VisitorSetLanguage = z.input<typeof VisitorSetLanguageSchema>;

/**
 * The survey after the chat (protocol/survey.ts): once per conversation, only once it has ended;
 * either question may be skipped, not both (skipping the whole survey sends nothing).
 */
export const SurveyAnswerSchema = z
  .object({
    satisfaction: z.union(SATISFACTION_SCORES.map((score) => z.literal(score))).nullable(),
    alternative: z.enum(CHANNEL_ALTERNATIVES).nullable(),
  })
  .strict()
  .refine((answers) => answers.satisfaction !== null || answers.alternative !== null, { message: 'Answer at least one question.' });
export type SurveyAnswer = z.input<typeof SurveyAnswerSchema>;

export interface VisitorSyncResult {
  conversation: VisitorConversation;
  messages: Message[];
  /** True when more messages follow; ask again after the last one received. */
  hasMore: boolean;
}

/** Commands from the chat app. Each is acknowledged (see `Ack`). */
export interface VisitorClientEvents {
  'conversation:start': (
    payload: ConversationStart,
    ack: AckCallback<{ conversation: VisitorConversation; token: string }>,
  ) => void;
  'conversation:sync': (payload: VisitorSync, ack: AckCallback<VisitorSyncResult>) => void;
  /**
   * The message as stored and relayed: personal identifiers replaced by markers. `redacted` names
   * the kinds removed (empty: none), for the chat app to say what was removed and why.
   */
  'message:send': (payload: VisitorMessageSend, ack: AckCallback<{ message: Message; redacted: RedactionKind[] }>) => void;
  'conversation:end': (payload: VisitorEnd, ack: AckCallback<{ conversation: VisitorConversation }>) => void;
  /** Answers the reference the citizen can quote (for example `7K3P-Q2XD`), and the kinds of identifiers removed from the text. */
  'message:leave': (payload: LeaveMessage, ack: AckCallback<{ reference: string; redacted: RedactionKind[] }>) => void;
  'conversation:extend': (payload: VisitorExtend, ack: AckCallback<{ conversation: VisitorConversation }>) => void;
  /**
   * Fire and forget: the chat app sends it volatile and without an acknowledgement (see
   * delivery/typing.ts); the server answers only when asked, as for any command.
   */
  'typing:set': (payload: VisitorTyping, ack?: AckCallback) => void;
  'conversation:set-language': (payload: VisitorSetLanguage, ack: AckCallback<{ conversation: VisitorConversation }>) => void;
  /** The survey after the chat: refused (`conflict`) before the chat has ended and once answered. */
  'survey:answer': (payload: SurveyAnswer, ack: AckCallback<{ conversation: VisitorConversation }>) => void;
}

/** The schema that validates each visitor command; the server registers its handlers from this. */
export const VISITOR_COMMAND_SCHEMAS = exactCommandSchemas<VisitorClientEvents>()({
  'conversation:start': ConversationStartSchema,
  'conversation:sync': VisitorSyncSchema,
  'message:send': VisitorMessageSendSchema,
  'conversation:end': VisitorEndSchema,
  'message:leave': LeaveMessageSchema,
  'conversation:extend': VisitorExtendSchema,
  'typing:set': VisitorTypingSchema,
  'conversation:set-language': VisitorSetLanguageSchema,
  'survey:answer': SurveyAnswerSchema,
});

/**
 * A chat joined or left the visitor's queue, without any detail of the chat but its sort key: a
 * visitor whose own key is higher moves down (joined) or up (left) by one. Revisions grow by one
 * per change of a queue; each counts once, in any order.
 */
export interface VisitorQueueChange {
  revision: number;
  kind: 'joined' | 'left';
  key: number;
}

/**
 * The changes of one queue over a short while (a fraction of a second), sent together to everyone
 * waiting in it: one message per citizen per batch, however many chats came and went. A citizen
 * who finds a revision missing for a while asks `conversation:sync` for its place again.
 */
export interface VisitorQueueChanges {
  queueId: string;
  changes: VisitorQueueChange[];
}

/**
 * What a queue's wait depends on changed (agents came or went, a chat ended, an agent filled up or
 * freed a slot). Sent to everyone waiting in that queue, about once a second at most per node, and
 * only when it changed; each citizen turns it into their own wait with `estimateWait`.
 */
export interface VisitorQueueWait extends QueueWait {
  queueId: string;
}

/** Facts the server announces to the chat app. */
export interface VisitorServerEvents {
  'message:created': (message: Message) => void;
  'conversation:updated': (conversation: VisitorConversation) => void;
  'queue:changed': (batch: VisitorQueueChanges) => void;
  'queue:wait': (update: VisitorQueueWait) => void;
  /** Volatile: the agent is typing (or stopped); forget it after a few seconds without news. */
  'typing:changed': (typing: { typing: boolean }) => void;
}
