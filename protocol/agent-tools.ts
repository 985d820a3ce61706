/**
 * Wire shapes of the agent's working tools: internal notes on a conversation (for agents only,
 * never sent to the citizen) and canned answers in both languages. Clients import the types only
 * (`import type`), so the schema library never reaches a browser bundle.
 */
import { z } from 'zod';
import { BilingualSchema, LanguageSchema } from './models.js';

/**
 * One entry of a conversation's notes, shown to agents beside the messages: a note an agent wrote,
 * or the record that the citizen switched language. Never part of anything the citizen receives.
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
