/**
 * Sites and queues as managers administer them (`/agent` namespace, `admin:sites:*` and
 * `admin:queues:*`, managers only). The schemas bound the shape and every size; what makes a site
 * valid beyond its shape (origins, topics and their queues, hours) is server/domain/site-admin.ts,
 * which answers `invalid_payload` with the problems in its message. Clients import the types only.
 */
import { z } from 'zod';
import { OTHER_WAY_KINDS, WEEKDAYS } from './hours.js';
import {
  ACCOUNTS_MAX,
  SITE_HOLIDAYS_MAX,
  SITE_LINK_MAX,
  SITE_NAME_MAX,
  SITE_ORIGINS_MAX,
  SITE_OTHER_WAYS_MAX,
  SITE_PERIODS_PER_DAY_MAX,
  SITE_SELF_SERVICE_MAX,
  SITE_TEXT_MAX,
  SITE_TOPICS_MAX,
} from './limits.js';
import { LanguageSchema } from './models.js';
import { DEFAULT_QUICK_EXIT, DEFAULT_SITE_REDACTION, PRIVACY_NOTICE_TEXT_MAX, type PrivacyNotice, type SiteQuickExit, type SiteRedaction } from './privacy.js';
import { QueueModeSchema } from './supervision.js';

/** Ids of sites, topics and queues: lower-case letters, digits and inner hyphens (they appear in embed snippets). */
export const AdminIdSchema = z
  .string()
  .max(64)
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'Use lower-case letters, digits and hyphens.');

const bilingual = (max: number) => z.object({ en: z.string().max(max), fr: z.string().max(max) }).strict();

const OpeningPeriodSchema = z.object({ opens: z.string().max(5), closes: z.string().max(5) }).strict();

export const SiteHoursSchema = z
  .object({
    timeZone: z.string().min(1).max(64),
    weekly: z.partialRecord(z.enum(WEEKDAYS), z.array(OpeningPeriodSchema).max(SITE_PERIODS_PER_DAY_MAX)),
    holidays: z.array(z.string().max(10)).max(SITE_HOLIDAYS_MAX),
    lastAdmissionMinutes: z.number().int().min(0).max(1440),
  })
  .strict();

const LinkSchema = z.string().max(SITE_LINK_MAX);

export const SiteTopicInputSchema = z
  .object({
    id: AdminIdSchema,
    label: bilingual(SITE_TEXT_MAX),
    queues: z.object({ en: AdminIdSchema, fr: AdminIdSchema }).strict(),
  })
  .strict();

export const OtherWayInputSchema = z
  .object({
    kind: z.enum(OTHER_WAY_KINDS),
    text: bilingual(SITE_TEXT_MAX),
    href: z.object({ en: LinkSchema, fr: LinkSchema }).strict().nullable(),
  })
  .strict();

export const SelfServiceInputSchema = z.object({ label: bilingual(SITE_TEXT_MAX), url: z.object({ en: LinkSchema, fr: LinkSchema }).strict() }).strict();

/** Which identifiers a site removes besides those always removed (README.md, "Privacy"). */
export const SiteRedactionSchema = z.object({ phone: z.boolean(), email: z.boolean(), postalCode: z.boolean() }).strict();

/** The collection notice, every part in both languages (server/domain/site-admin.ts checks the link is https). */
export const PrivacyNoticeSchema = z
  .object({
    legalAuthority: bilingual(PRIVACY_NOTICE_TEXT_MAX),
    purpose: bilingual(PRIVACY_NOTICE_TEXT_MAX),
    retention: bilingual(PRIVACY_NOTICE_TEXT_MAX),
    personalInformationBank: bilingual(PRIVACY_NOTICE_TEXT_MAX),
    contact: bilingual(PRIVACY_NOTICE_TEXT_MAX),
    fullNoticeUrl: z.object({ en: LinkSchema, fr: LinkSchema }).strict(),
  })
  .strict();

/** The quick exit: on or off, and the https page it leaves for. */
export const SiteQuickExitSchema = z.object({ enabled: z.boolean(), url: LinkSchema }).strict();

/** Everything a manager sets on a site but its id. */
const siteFields = {
  name: bilingual(SITE_NAME_MAX),
  allowedOrigins: z.array(z.string().max(300)).max(SITE_ORIGINS_MAX),
  chatEnabled: z.boolean(),
  topics: z.array(SiteTopicInputSchema).max(SITE_TOPICS_MAX),
  hours: SiteHoursSchema.nullable(),
  otherWays: z.array(OtherWayInputSchema).max(SITE_OTHER_WAYS_MAX),
  selfService: z.array(SelfServiceInputSchema).max(SITE_SELF_SERVICE_MAX),
  redaction: SiteRedactionSchema,
  privacyNotice: PrivacyNoticeSchema.nullable(),
  quickExit: SiteQuickExitSchema,
};

/** A new site; its privacy settings may be left out (none of the optional kinds, the general notice, no quick exit). */
export const SiteCreateSchema = z
  .object({
    id: AdminIdSchema,
    ...siteFields,
    redaction: siteFields.redaction.default(() => ({ ...DEFAULT_SITE_REDACTION })),
    privacyNotice: siteFields.privacyNotice.default(null),
    quickExit: siteFields.quickExit.default(() => ({ ...DEFAULT_QUICK_EXIT })),
  })
  .strict();
export type SiteCreate = z.input<typeof SiteCreateSchema>;

/** Changes some of a site's settings (at least one); the id stays (embed snippets carry it). */
export const SiteUpdateSchema = z
  .object({
    siteId: AdminIdSchema,
    name: siteFields.name.optional(),
    allowedOrigins: siteFields.allowedOrigins.optional(),
    chatEnabled: siteFields.chatEnabled.optional(),
    topics: siteFields.topics.optional(),
    hours: siteFields.hours.optional(),
    otherWays: siteFields.otherWays.optional(),
    selfService: siteFields.selfService.optional(),
    redaction: siteFields.redaction.optional(),
    privacyNotice: siteFields.privacyNotice.optional(),
    quickExit: siteFields.quickExit.optional(),
  })
  .strict()
  .refine((change) => Object.keys(change).length > 1, 'Say what to change.');
export type SiteUpdate = z.input<typeof SiteUpdateSchema>;

export const SitesListSchema = z.object({}).strict();
export type SitesList = z.input<typeof SitesListSchema>;

/** One site as a manager sees and edits it. */
export interface SiteAdminView {
  id: string;
  name: { en: string; fr: string };
  allowedOrigins: string[];
  chatEnabled: boolean;
  topics: Array<{ id: string; label: { en: string; fr: string }; queues: { en: string; fr: string } }>;
  hours: z.infer<typeof SiteHoursSchema> | null;
  otherWays: Array<z.infer<typeof OtherWayInputSchema>>;
  selfService: Array<z.infer<typeof SelfServiceInputSchema>>;
  redaction: SiteRedaction;
  privacyNotice: PrivacyNotice | null;
  quickExit: SiteQuickExit;
}

/** `admin:sites:check-origin`: is the widget offered on this page now, and if not, why. */
export const SiteCheckOriginSchema = z
  .object({
    siteId: AdminIdSchema,
    /** A page of the site (or just its origin): `https://www.example.gov.xx/services`. */
    pageUrl: z.string().min(1).max(SITE_LINK_MAX),
    language: LanguageSchema,
  })
  .strict();
export type SiteCheckOrigin = z.input<typeof SiteCheckOriginSchema>;

/** Why the widget would not be offered on a page now, each a check the manager can act on. */
export const ORIGIN_CHECK_BLOCKERS = [
  /** The page's origin is not one the site allows (or the page is not an http(s) URL). */
  'origin_not_allowed',
  /** The site's chat switch is off. */
  'chat_disabled',
  /** The soft launch's kill switch (the policy's chat rule is off). */
  'policy_off',
  /** The soft launch does not offer chat on this page, in this language or to this share of visitors. */
  'not_offered',
  /** Outside the site's hours (or a holiday, or after the last admission). */
  'outside_hours',
  /** Every queue the page's topics wait in is past its capacity guard. */
  'busy',
] as const;
export type OriginCheckBlocker = (typeof ORIGIN_CHECK_BLOCKERS)[number];

export interface SiteOriginCheck {
  /** The origin of `pageUrl`; null when it is not an http(s) URL. */
  origin: string | null;
  originAllowed: boolean;
  chatEnabled: boolean;
  /** The soft launch policy's chat rule is on (not the kill switch). */
  policyOn: boolean;
  hours: { open: boolean; reason: string | null };
  /** What the offer would say to a new visitor on this page now. */
  offerState: string;
  /** True when nothing blocks: a visitor on this page would be offered the widget now. */
  offered: boolean;
  blockers: OriginCheckBlocker[];
}

/** Queues. */
const queueFields = {
  name: bilingual(SITE_NAME_MAX),
  language: LanguageSchema,
  mode: QueueModeSchema,
};

/** The accounts that serve a queue (each account's `queueIds` is changed to match). */
const MemberIdsSchema = z
  .array(z.string().min(1).max(64))
  .max(ACCOUNTS_MAX)
  .refine((ids) => new Set(ids).size === ids.length, 'Name each account once.');

export const QueueCreateSchema = z.object({ id: AdminIdSchema, ...queueFields, memberIds: MemberIdsSchema.optional() }).strict();
export type QueueCreate = z.input<typeof QueueCreateSchema>;

export const QueueUpdateSchema = z
  .object({
    queueId: AdminIdSchema,
    name: queueFields.name.optional(),
    language: queueFields.language.optional(),
    mode: queueFields.mode.optional(),
    memberIds: MemberIdsSchema.optional(),
  })
  .strict()
  .refine((change) => Object.keys(change).length > 1, 'Say what to change.');
export type QueueUpdate = z.input<typeof QueueUpdateSchema>;

export const QueuesListSchema = z.object({}).strict();
export type QueuesList = z.input<typeof QueuesListSchema>;

/** One queue as a manager sees it, with the active accounts that serve it. */
export interface QueueAdminView {
  id: string;
  name: { en: string; fr: string };
  language: 'en' | 'fr';
  mode: 'automatic' | 'agents_pick';
  memberIds: string[];
}
