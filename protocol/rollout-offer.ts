/**
 * The soft launch as it is served (issue #8): the offer a visitor gets on a page (the loader's
 * `GET /api/widget/offer`, the OpenFeature flag `chat-offer` and OFREP answer the same), and the
 * two console commands that show it to supervisors and managers: `rollout:preview` (what would
 * this visitor see, and why, rule by rule) and `rollout:live` (each site's guard and exposure now).
 * Clients import the types only (`import type`), so the schema library never reaches a browser.
 */
import { z } from 'zod';
import { HttpUrlSchema, LanguageSchema, OtherWaySchema, WaitBandSchema } from './models.js';

/** The OpenFeature / OFREP flag key of the offer. */
export const CHAT_OFFER_FLAG = 'chat-offer';

/**
 * A visitor id as the loader makes it (random, from `crypto.getRandomValues`, base64url): 16 to 64
 * characters of `A-Z a-z 0-9 _ -`. Anything else is refused before any rule runs.
 */
export const VisitorIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'A visitor id has 16 to 64 characters A-Z, a-z, 0-9, _ or -.');

/** Parts of the service rolled out on their own (as server/domain/rollout-rules.ts `ROLLOUT_FEATURES`). */
export const OFFER_FEATURES = ['transcript', 'survey', 'leave_message', 'self_service'] as const;
export type OfferFeature = (typeof OFFER_FEATURES)[number];
export const OfferFeaturesSchema = z.object({
  transcript: z.boolean(),
  survey: z.boolean(),
  leave_message: z.boolean(),
  self_service: z.boolean(),
});

/**
 * What a visitor is given: `offered` (the launcher, with chat), `resuming` (the launcher back to a
 * visitor whose conversation is under way, whatever the rules say now), `busy` (the capacity guard
 * is closed for every queue this page's chats would wait in: the launcher shows the wait and the
 * other ways to reach the service, no new chat), `refused` (no launcher; `reason` says which check).
 */
export const OFFER_STATES = ['offered', 'resuming', 'busy', 'refused'] as const;
export type OfferState = (typeof OFFER_STATES)[number];

/** Why chat is not offered: the first check of the chat rule that failed. */
export const OFFER_REFUSALS = ['chat_disabled', 'page', 'language', 'outside_hours', 'share'] as const;
export type OfferRefusal = (typeof OFFER_REFUSALS)[number];

/** Where the loader keeps the visitor id: this tab's session (default), or this browser. */
export const StickinessSchema = z.enum(['session', 'browser']);

/** While busy: the wait a new chat would have (the shortest of the page's queues) and the other ways. */
export const BusyInfoSchema = z.object({
  /** Minutes; null when nobody who could answer is available. */
  waitMinutes: z.number().nonnegative().nullable(),
  waitBand: WaitBandSchema,
  otherWays: z.array(OtherWaySchema),
});
export type BusyInfo = z.infer<typeof BusyInfoSchema>;

/** The offer itself, as OpenFeature's `chat-offer` object flag and OFREP carry it. */
export const ChatOfferSchema = z.object({
  /** Whether the launcher is shown (offered, resuming or busy). */
  offered: z.boolean(),
  state: z.enum(OFFER_STATES),
  reason: z.enum(OFFER_REFUSALS).nullable(),
  /** Features offered to this visitor (all false unless chat is offered or resuming). */
  features: OfferFeaturesSchema,
  /** Topics a chat may start on (ids, in the site's order); empty unless `offered`. */
  topicIds: z.array(z.string()),
  /** Chat is offered outside the site's hours: the chat app shows the closed state. */
  closed: z.boolean(),
  busy: BusyInfoSchema.nullable(),
  stickiness: StickinessSchema,
});
export type ChatOffer = z.infer<typeof ChatOfferSchema>;

/**
 * The loader's offer: the same, with the address of the chat frame when the launcher is shown and
 * the launcher's look from the site's persona (protocol/persona.ts: label in the page's language,
 * the labels in both, for a page in neither official language, and the corner; absent from a
 * server before personas).
 */
export const WidgetOfferResponseSchema = ChatOfferSchema.extend({
  frameUrl: z.string().nullable(),
  launcher: z
    .object({ label: z.string(), labels: z.object({ en: z.string(), fr: z.string() }), corner: z.enum(['bottom-right', 'bottom-left']) })
    .optional(),
});
export type WidgetOfferResponse = z.infer<typeof WidgetOfferResponseSchema>;

/** The checks every rule makes, in order (server/domain/rollout-rules.ts). */
export const RULE_CHECK_NAMES = ['enabled', 'page', 'language', 'hours', 'share'] as const;

export const CheckVerdictSchema = z.object({ check: z.enum(RULE_CHECK_NAMES), pass: z.boolean(), detail: z.string().nullable() });
export const RuleVerdictSchema = z.object({
  offered: z.boolean(),
  failed: z.enum(RULE_CHECK_NAMES).nullable(),
  verdicts: z.array(CheckVerdictSchema),
});
export type RuleVerdict = z.infer<typeof RuleVerdictSchema>;

/** The capacity guard of one queue: closed or open, why, since when. */
export const GuardViewSchema = z.object({
  queueId: z.string(),
  closed: z.boolean(),
  reason: z.enum(['wait', 'queue_per_agent']).nullable(),
  since: z.iso.datetime().nullable(),
  /** What it last looked at. */
  waitMinutes: z.number().nonnegative().nullable(),
  waiting: z.number().int().nonnegative(),
  availableAgents: z.number().int().nonnegative(),
});
export type GuardView = z.infer<typeof GuardViewSchema>;

const SiteIdSchema = z.string().min(1).max(64);

/** `rollout:preview`: what a visitor on this page, in this language, at this time would see. */
export const RolloutPreviewSchema = z.object({
  siteId: SiteIdSchema,
  pageUrl: HttpUrlSchema,
  language: LanguageSchema,
  /** ISO 8601; the hours are judged at this time (the guard as it is now). */
  time: z.iso.datetime({ offset: true }),
  /** A random one when absent. */
  visitorId: VisitorIdSchema.optional(),
});
export type RolloutPreview = z.input<typeof RolloutPreviewSchema>;

export interface RolloutPreviewResult {
  visitorId: string;
  offer: ChatOffer;
  chat: RuleVerdict;
  features: Record<OfferFeature, RuleVerdict>;
  topics: Array<{ topicId: string; queueId: string; rule: RuleVerdict; guardClosed: boolean }>;
  /** The site's hours at `time`: open, or closed and why. */
  hours: { open: boolean; reason: string | null };
  /** The guard of each queue the page's topics would wait in, in this language. */
  guards: GuardView[];
  /** The policy version judged. */
  policyVersion: number;
}

/** `rollout:live`: each site's guards and today's exposure (UTC day); one site or all. */
export const RolloutLiveSchema = z.object({ siteId: SiteIdSchema.optional() }).strict();
export type RolloutLive = z.input<typeof RolloutLiveSchema>;

/** Distinct visitors offered chat on one day (HyperLogLog estimates on Redis). */
export interface ExposureView {
  day: string;
  total: number;
  byLanguage: { en: number; fr: number };
  /** The most exposed pages (paths; `other` beyond the day's page bound), at most EXPOSURE_TOP_PAGES. */
  topPages: Array<{ page: string; visitors: number }>;
}

export interface RolloutLiveSite {
  siteId: string;
  guards: GuardView[];
  exposure: ExposureView;
}

export interface RolloutLiveResult {
  sites: RolloutLiveSite[];
  at: string;
}

/** Most pages answered in `rollout:live` per site. */
export const EXPOSURE_TOP_PAGES = 10;
/** Most sites answered in one `rollout:live`. */
export const ROLLOUT_LIVE_SITES_MAX = 50;
