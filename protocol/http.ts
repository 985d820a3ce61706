/** Bodies, queries and responses of the HTTP routes. */
import { z } from 'zod';
import { EMAIL_MAX, PASSWORD_MAX } from './limits.js';
import {
  AgentProfileSchema,
  BilingualSchema,
  HoursViewSchema,
  HttpUrlSchema,
  LanguageSchema,
  OtherWaySchema,
  SelfServiceLinkSchema,
  TopicAvailabilitySchema,
  TopicSchema,
} from './models.js';
import { VisitorIdSchema } from './rollout-offer.js';

export const SignInBodySchema = z.object({
  email: z.string().trim().toLowerCase().max(EMAIL_MAX).pipe(z.email('Enter a valid email address.')),
  password: z.string().min(1, 'Enter your password.').max(PASSWORD_MAX),
});
export type SignInBody = z.input<typeof SignInBodySchema>;

/** `POST /api/auth/sign-in` and `GET /api/auth/me`: the signed-in account and its session's end. */
export const SignInResponseSchema = z.object({
  agent: AgentProfileSchema,
  /** When the session ends unless renewed by use (ISO 8601). */
  expiresAt: z.iso.datetime(),
});
export type SignInResponse = z.infer<typeof SignInResponseSchema>;

/** `GET /api/auth/me`: the same answer as sign-in, for a console that reloads. */
export const MeResponseSchema = SignInResponseSchema;
export type MeResponse = z.infer<typeof MeResponseSchema>;

/**
 * `GET /api/widget/offer`: should this page show the chat launcher, and with what? Asked by the
 * loader on every page view, with the visitor's random id (`visitor`) and, when its session says a
 * chat is under way, `resume=1` (checked by the server, never believed).
 */
export const WidgetOfferQuerySchema = z.object({
  site: z.string().min(1).max(64),
  page: HttpUrlSchema,
  lang: LanguageSchema,
  visitor: VisitorIdSchema,
  resume: z.literal('1').optional(),
  v: z.coerce.number().int().optional(),
});
export type WidgetOfferQuery = z.infer<typeof WidgetOfferQuerySchema>;

/** The offer (protocol/rollout-offer.ts), with the address of the chat frame when the launcher shows. */
export { WidgetOfferResponseSchema, type WidgetOfferResponse } from './rollout-offer.js';

/** `GET /api/widget/site`: what the chat app shows before a chat starts (name, topics). */
export const WidgetSiteQuerySchema = z.object({ site: z.string().min(1).max(64) });

/**
 * The site's public face: its name and topics, in both languages; whether a chat can start now on
 * each topic in each language; and what to show when it cannot (hours, other ways, self-service).
 */
export const WidgetSiteResponseSchema = z.object({
  id: z.string(),
  name: BilingualSchema,
  topics: z.array(TopicSchema),
  /** One entry per topic and language. */
  availability: z.array(TopicAvailabilitySchema),
  /** While closed by its hours: when chat opens next (null if it does not within a year). */
  nextOpening: z.iso.datetime().nullable(),
  /** The site's chat hours; null when it has none (always open). */
  hours: HoursViewSchema.nullable(),
  otherWays: z.array(OtherWaySchema),
  selfService: z.array(SelfServiceLinkSchema),
  /** The site's collection notice (protocol/privacy.ts); null: the chat app's general one. */
  privacyNotice: z
    .object({
      legalAuthority: BilingualSchema,
      purpose: BilingualSchema,
      retention: BilingualSchema,
      personalInformationBank: BilingualSchema,
      contact: BilingualSchema,
      fullNoticeUrl: BilingualSchema,
    })
    .nullable(),
  /** Where the quick exit leaves for (https); null when the site has none. */
  quickExitUrl: z.string().nullable(),
});
export type WidgetSiteResponse = z.infer<typeof WidgetSiteResponseSchema>;

/** `GET /chat/frame`: the iframe page. `parent` is the host page's origin, checked by the server. */
export const FrameQuerySchema = z.object({
  site: z.string().min(1).max(64),
  lang: LanguageSchema,
  parent: HttpUrlSchema,
  /** The visitor's random id, for the offer the chat app asks and the start it sends. */
  visitor: VisitorIdSchema.optional(),
});
export type FrameQuery = z.infer<typeof FrameQuerySchema>;

/** `GET /api/auth/methods`: which ways of signing in the console offers (public, no session). */
export const SignInMethodsResponseSchema = z.object({
  /** Single sign-on through the organisation's OpenID Connect provider (`/api/auth/sso/start`). */
  sso: z.boolean(),
  /** Email and password (`POST /api/auth/sign-in`); false when PASSWORD_SIGN_IN=off. */
  password: z.boolean(),
});
export type SignInMethodsResponse = z.infer<typeof SignInMethodsResponseSchema>;


export { SSO_ERROR_CODES, type SsoErrorCode } from './error-codes.js';

/**
 * `POST /api/widget/transcript` (JSON): the citizen's own transcript, asked by the chat app with
 * the token of the conversation it holds (in the body, never in an address, so it stays out of
 * logs and history). Answered as a plain-text attachment.
 */
export const CitizenTranscriptBodySchema = z
  .object({
    site: z.string().min(1).max(64),
    token: z.string().min(33).max(200),
  })
  .strict();
export type CitizenTranscriptBody = z.input<typeof CitizenTranscriptBodySchema>;
