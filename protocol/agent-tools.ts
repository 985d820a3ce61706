/**
 * Wire shapes of the agent's working tools: internal notes on a conversation (for agents only,
 * never sent to the citizen), canned answers in both languages, transfer targets and wrap-up
 * outcome codes. Clients import the types only
 * (`import type`), so the schema library never reaches a browser bundle.
 */
import { z } from 'zod';
import { BilingualSchema, LanguageSchema } from './models.js';

/** Where a transfer sent a chat, as its record in the notes says: an agent (by name) or a queue. */
export const TransferredToSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent'), agentId: z.string(), name: z.string() }),
  z.object({ kind: z.literal('queue'), queueId: z.string(), name: BilingualSchema }),
]);
export type TransferredTo = z.infer<typeof TransferredToSchema>;

/**
 * One entry of a conversation's notes, shown to agents beside the messages: a note an agent wrote,
 * the record that the citizen switched language, or the record of a transfer (who passed the chat
 * on, from whom, to whom, with the note they left for the next agent). Never part of anything the
 * citizen receives.
 */
export const NoteSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('agent'),
    id: z.string(),
    conversationId: z.string(),
    agentId: z.string(),
    authorName: z.string(),
    text: z.string(),
    createdAt: z.iso.datetime(),
  }),
  z.object({
    kind: z.literal('language-switched'),
    id: z.string(),
    conversationId: z.string(),
    from: LanguageSchema,
    to: LanguageSchema,
    createdAt: z.iso.datetime(),
  }),
  z.object({
    kind: z.literal('transferred'),
    id: z.string(),
    conversationId: z.string(),
    /** Who transferred it: the agent holding it, or a supervisor or manager (a reassignment). */
    byAgentId: z.string(),
    byName: z.string(),
    /** The agent who held it then; null when it was waiting in a queue. */
    fromAgentId: z.string().nullable(),
    fromName: z.string().nullable(),
    to: TransferredToSchema,
    /** What the transferring agent wrote for the next one; null when they wrote nothing. */
    text: z.string().nullable(),
    createdAt: z.iso.datetime(),
  }),
]);
export type Note = z.infer<typeof NoteSchema>;

/** A prepared answer an agent inserts into the composer, in the chat's language, and edits before sending. */
export const CannedAnswerSchema = z.object({
  id: z.string(),
  /** What the picker lists. */
  title: BilingualSchema,
  text: BilingualSchema,
});
export type CannedAnswer = z.infer<typeof CannedAnswerSchema>;

/** An agent a chat may be transferred to now: available, connected, speaking its language, with room. */
export const TransferAgentTargetSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  /** Chats they hold now (wrap-ups owed included) and their limit. */
  activeChats: z.number().int().nonnegative(),
  maxChats: z.number().int().positive(),
});
export type TransferAgentTarget = z.infer<typeof TransferAgentTargetSchema>;

/** A queue a chat may be transferred to: one of the chat's language. */
export const TransferQueueTargetSchema = z.object({
  id: z.string(),
  name: BilingualSchema,
  mode: z.enum(['automatic', 'agents_pick']),
});
export type TransferQueueTarget = z.infer<typeof TransferQueueTargetSchema>;

/** An outcome an agent records when wrapping up an ended chat (the list is kept in the store). */
export const WrapUpOutcomeSchema = z.object({ id: z.string(), label: BilingualSchema });
export type WrapUpOutcome = z.infer<typeof WrapUpOutcomeSchema>;
