/** Bodies, queries and responses of the HTTP routes. */
import { z } from 'zod';
import { EMAIL_MAX, PASSWORD_MAX } from './limits.js';
import type { Bilingual } from './languages.js';
import { type AgentProfile, HttpUrlSchema, LanguageSchema, type Topic } from './models.js';

export const SignInBodySchema = z.object({
  email: z.string().trim().toLowerCase().max(EMAIL_MAX).pipe(z.email('Enter a valid email address.')),
  password: z.string().min(1, 'Enter your password.').max(PASSWORD_MAX),
});
export type SignInBody = z.input<typeof SignInBodySchema>;

export interface SignInResponse {
  agent: AgentProfile;
  /** When the session ends unless renewed by use (ISO 8601). */
  expiresAt: string;
}

export type MeResponse = SignInResponse;

/** `GET /api/widget/offer`: should this page show the chat launcher? Asked by the loader. */
export const WidgetOfferQuerySchema = z.object({
  site: z.string().min(1).max(64),
  page: HttpUrlSchema,
  lang: LanguageSchema,
  v: z.coerce.number().int().optional(),
});
export type WidgetOfferQuery = z.infer<typeof WidgetOfferQuerySchema>;

export type WidgetOfferResponse =
  | { offered: true; frameUrl: string }
  | { offered: false; reason: 'chat_disabled' };

/** `GET /api/widget/site`: what the chat app shows before a chat starts (name, topics). */
export const WidgetSiteQuerySchema = z.object({ site: z.string().min(1).max(64) });

export interface WidgetSiteResponse {
  id: string;
  name: Bilingual;
  topics: Topic[];
}

/** `GET /chat/frame`: the iframe page. `parent` is the host page's origin, checked by the server. */
export const FrameQuerySchema = z.object({
  site: z.string().min(1).max(64),
  lang: LanguageSchema,
  parent: HttpUrlSchema,
});
export type FrameQuery = z.infer<typeof FrameQuerySchema>;
