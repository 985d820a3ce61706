/**
 * Soft launch governance on the wire (README.md, "Soft launch"): a site's rollout policy, the
 * changes managers propose, approve and schedule, and the audit log. The console's Rollout page
 * reads and changes these through the `rollout:*` commands of the `/agent` namespace
 * (protocol/agent-events.ts). Times are ISO 8601; clients import the types only (`import type`).
 *
 * Who may do what (the server checks; the console hides what a role cannot do):
 * - agents: nothing here;
 * - supervisors: read (`rollout:state`, `rollout:audit`, the rollout entries of the audit only);
 * - managers: everything. A change that widens the offer waits for another manager's approval; a
 *   change that narrows it (the kill switch included) applies at once, or at its time. No one
 *   approves their own change. Only the manager who proposed a change may edit it (anyone else
 *   proposes another), and an edit voids its approval; any manager may withdraw a pending change.
 */
import { z } from 'zod';
import {
  AUDIT_PAGE_MAX,
  ROLLOUT_GROUP_ID_MAX,
  ROLLOUT_PAGE_PATTERN_MAX,
  ROLLOUT_PAGE_PATTERNS_MAX,
  ROLLOUT_REASON_MAX,
  ROLLOUT_TOPIC_RULES_MAX,
} from './limits.js';
import { BilingualSchema, LanguageSchema } from './models.js';

/**
 * Text without lone UTF-16 surrogates: JSON.stringify escapes them, and Redis's Lua cjson then
 * refuses the record it must compare-and-set, so one would make a site's policy unchangeable.
 */
const wellFormed = (text: string): boolean => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
const WELL_FORMED = { message: 'Contains an invalid character.' } as const;

const IdSchema = z.string().min(1).max(64).refine(wellFormed, WELL_FORMED);

// ---------------------------------------------------------------------------------------------
// The policy (server/domain/rollout-policy.ts, rollout-rules.ts, capacity-guard.ts)
// ---------------------------------------------------------------------------------------------

/** Parts of the service rolled out on their own, beside chat itself and each topic. */
export const ROLLOUT_FEATURE_NAMES = ['transcript', 'survey', 'leave_message', 'self_service'] as const;

/** `*` stands for any run of characters; `/...` matches the path, `https://host/...` origin and path. */
export const PagePatternSchema = z.object({
  pattern: z.string().min(1).max(ROLLOUT_PAGE_PATTERN_MAX).refine(wellFormed, WELL_FORMED),
  /** The pages it matches are in this language only (so a rule may leave the other language out there). */
  language: LanguageSchema.optional(),
});
export type PagePatternView = z.infer<typeof PagePatternSchema>;

/** Who a rule offers to: every check must pass (enabled, page, language, hours, share). */
export const AudienceRuleSchema = z.object({
  enabled: z.boolean(),
  /** Percentage of visitors, 0 to 100, by Unleash bucket of `"<groupId>:<visitorId>"`. */
  share: z.number().int().min(0).max(100),
  groupId: z.string().trim().min(1).max(ROLLOUT_GROUP_ID_MAX).refine(wellFormed, WELL_FORMED),
  includePages: z.array(PagePatternSchema).max(ROLLOUT_PAGE_PATTERNS_MAX),
  excludePages: z.array(z.string().min(1).max(ROLLOUT_PAGE_PATTERN_MAX).refine(wellFormed, WELL_FORMED)).max(ROLLOUT_PAGE_PATTERNS_MAX),
  languages: z.array(LanguageSchema).min(1).max(2),
  outsideHours: z.enum(['show_closed', 'hide']),
});
export type AudienceRuleView = z.infer<typeof AudienceRuleSchema>;

/** The capacity guard's settings (the server refuses values outside its ranges, and says why). */
export const CapacityGuardSettingsSchema = z.object({
  enabled: z.boolean(),
  maxWaitMinutes: z.number().min(0).max(1000).nullable(),
  maxQueuePerAgent: z.number().min(0).max(1000).nullable(),
  reopenRatio: z.number().min(0).max(1),
  reopenAfterMs: z.number().int().min(0).max(86_400_000),
});
export type CapacityGuardSettingsView = z.infer<typeof CapacityGuardSettingsSchema>;

/** What a manager sets: the whole policy's content (the site, its version and time are the server's). */
export const RolloutSettingsSchema = z.object({
  chat: AudienceRuleSchema,
  features: z.object({
    transcript: AudienceRuleSchema,
    survey: AudienceRuleSchema,
    leave_message: AudienceRuleSchema,
    self_service: AudienceRuleSchema,
  }),
  /** Rules of some topics (by topic id); a topic without one follows chat. */
  topics: z
    .record(IdSchema, AudienceRuleSchema)
    .refine((topics) => Object.keys(topics).length <= ROLLOUT_TOPIC_RULES_MAX, `At most ${ROLLOUT_TOPIC_RULES_MAX} topic rules.`),
  guard: CapacityGuardSettingsSchema,
  /** Where the loader keeps the visitor's random id: this tab (`session`, the default) or this browser. */
  stickiness: z.enum(['session', 'browser']),
});
export type RolloutSettings = z.infer<typeof RolloutSettingsSchema>;

/** A site's policy as it is: its settings, its version (grows by one per change) and when it last changed. */
export const RolloutPolicySchema = RolloutSettingsSchema.extend({
  siteId: z.string(),
  version: z.number().int().positive(),
  /** Null while the site has never been changed (the default policy: chat to everyone, as the site's switch says). */
  updatedAt: z.iso.datetime().nullable(),
});
export type RolloutPolicyView = z.infer<typeof RolloutPolicySchema>;

// ---------------------------------------------------------------------------------------------
// Changes, the schedule, the audit
// ---------------------------------------------------------------------------------------------

/** An account as these views name it. `id` is `system` (and the name empty) for what the schedule did itself. */
export const PersonRefSchema = z.object({ id: z.string(), displayName: z.string() });
export type PersonRef = z.infer<typeof PersonRefSchema>;

/** The account id the audit gives to steps the schedule applies by itself. */
export const SYSTEM_ACTOR = 'system';

export const CHANGE_STATUSES = ['pending', 'applied', 'withdrawn', 'failed'] as const;
export const ChangeStatusSchema = z.enum(CHANGE_STATUSES);
export type ChangeStatus = z.infer<typeof ChangeStatusSchema>;

/**
 * A proposed change of a site's policy: the whole policy before (as the proposer saw it) and after.
 * When it applies, what it changes (each setting that differs between `before` and `after`) is set
 * on the policy as it is then; a setting someone else changed meanwhile makes it fail, with `failure`.
 */
export const RolloutChangeSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  before: RolloutPolicySchema,
  after: RolloutPolicySchema,
  reason: z.string(),
  proposedBy: PersonRefSchema,
  proposedAt: z.iso.datetime(),
  /** When it applies; null: as soon as allowed (at once when it narrows, on approval when it widens). */
  applyAt: z.iso.datetime().nullable(),
  /** It widens the offer: a second manager must approve it. */
  needsApproval: z.boolean(),
  approvedBy: PersonRefSchema.nullable(),
  approvedAt: z.iso.datetime().nullable(),
  status: ChangeStatusSchema,
  /** Why it failed (in English, from the server), when it did. */
  failure: z.string().nullable(),
  /** Grows by one on every change of the record: edit, approve and withdraw send the version they saw. */
  version: z.number().int().positive(),
});
export type RolloutChangeView = z.infer<typeof RolloutChangeSchema>;

/**
 * One entry of the audit log: append-only, each carrying the hash of the one before (`previousHash`)
 * and its own (`hash`, SHA-256 over its content and that link). Actions are namespaced:
 * `rollout.proposed`, `rollout.edited`, `rollout.approved`, `rollout.applied`, `rollout.withdrawn`,
 * `rollout.failed`, `rollout.schedule-paused`, `rollout.schedule-resumed`, `account.created`, ...
 */
export const AuditEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  actor: PersonRefSchema,
  action: z.string(),
  /** What it was done to: `site:<id>` for a policy's schedule, `site:<id>/change:<id>` for a change, `account:<id>`, ... */
  target: z.string(),
  reason: z.string().nullable(),
  approver: PersonRefSchema.nullable(),
  /** What the target was before and after (JSON; a change's entries hold the change). */
  before: z.unknown(),
  after: z.unknown(),
  previousHash: z.string(),
  hash: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntrySchema>;

/** A site as the Rollout page lists it (to choose which one to look at). */
export const RolloutSiteSchema = z.object({ id: z.string(), name: BilingualSchema });
export type RolloutSite = z.infer<typeof RolloutSiteSchema>;

/** Everything the Rollout page shows of one site's governance (answer to `rollout:state`). */
export const RolloutStateSchema = z.object({
  /** Every site (a deployment has a handful), to choose from. */
  sites: z.array(RolloutSiteSchema),
  siteId: z.string(),
  policy: RolloutPolicySchema,
  /** Steps of the schedule do not apply while paused (changes without a time still do). */
  schedulePaused: z.boolean(),
  /** Pending changes: waiting for approval or for their time, soonest first (at most ROLLOUT_PENDING_MAX). */
  pending: z.array(RolloutChangeSchema),
  /** The latest decided changes (applied, withdrawn, failed), newest first (at most ROLLOUT_RECENT_CHANGES). */
  recent: z.array(RolloutChangeSchema),
  /** The latest audit entries about this site and its changes, newest first (at most ROLLOUT_STATE_AUDIT_MAX). */
  audit: z.array(AuditEntrySchema),
  at: z.iso.datetime(),
});
export type RolloutState = z.infer<typeof RolloutStateSchema>;

/** What `rollout:changed` says: this site's policy, changes or schedule changed; ask `rollout:state` again. */
export const RolloutChangedSchema = z.object({ siteId: z.string(), at: z.iso.datetime() });
export type RolloutChanged = z.infer<typeof RolloutChangedSchema>;

// ---------------------------------------------------------------------------------------------
// Command payloads
// ---------------------------------------------------------------------------------------------

const SiteIdSchema = z.string().min(1).max(64);
const ChangeIdSchema = z.string().min(1).max(64);
const ChangeVersionSchema = z.number().int().positive();

/** Why: required, a line or two (kept in the audit). */
export const RolloutReasonSchema = z
  .string()
  .trim()
  .min(1, 'Say why.')
  .max(ROLLOUT_REASON_MAX, `A reason can have at most ${ROLLOUT_REASON_MAX} characters.`)
  .refine(wellFormed, WELL_FORMED);

/** When a change applies: an ISO 8601 time at most ROLLOUT_APPLY_AHEAD_MAX_DAYS ahead; null or absent: as soon as allowed. */
export const ApplyAtSchema = z.iso.datetime({ offset: true }).nullable();

/** One site's governance (absent: the first site). */
export const RolloutStateRequestSchema = z.object({ siteId: SiteIdSchema.optional() }).strict();
export type RolloutStateRequest = z.input<typeof RolloutStateRequestSchema>;

/**
 * What a proposal starts from: the policy at the version the console showed (refused with
 * `conflict` if it has moved), or a pending change's policy after it (the next step of a ramp).
 */
export const ProposalBaseSchema = z.union([
  z.object({ policyVersion: z.number().int().positive() }).strict(),
  z.object({ changeId: ChangeIdSchema }).strict(),
]);
export type ProposalBase = z.input<typeof ProposalBaseSchema>;

/**
 * A manager proposes the whole policy after the change. Narrowing applies at once (or at `applyAt`);
 * widening waits for another manager's approval (and then for `applyAt`, if given).
 */
export const RolloutProposeSchema = z.object({
  siteId: SiteIdSchema,
  from: ProposalBaseSchema,
  settings: RolloutSettingsSchema,
  reason: RolloutReasonSchema,
  applyAt: ApplyAtSchema.optional(),
});
export type RolloutPropose = z.input<typeof RolloutProposeSchema>;

/** The proposer edits their pending change (at the version they saw): recomputed, its approval voided. */
export const RolloutEditSchema = z.object({
  changeId: ChangeIdSchema,
  version: ChangeVersionSchema,
  settings: RolloutSettingsSchema,
  reason: RolloutReasonSchema,
  applyAt: ApplyAtSchema.optional(),
});
export type RolloutEdit = z.input<typeof RolloutEditSchema>;

/** Another manager approves, or any manager withdraws, a pending change at the version they saw. */
export const RolloutChangeRefSchema = z.object({ changeId: ChangeIdSchema, version: ChangeVersionSchema }).strict();
export type RolloutChangeRef = z.input<typeof RolloutChangeRefSchema>;

/** Pauses or resumes a site's schedule. */
export const RolloutScheduleSchema = z.object({ siteId: SiteIdSchema }).strict();
export type RolloutSchedule = z.input<typeof RolloutScheduleSchema>;

/** A page of the audit log, newest first: entries before sequence number `before` (absent: the latest). */
export const RolloutAuditSchema = z
  .object({
    before: z.number().int().positive().optional(),
    limit: z.number().int().positive().max(AUDIT_PAGE_MAX).optional(),
  })
  .strict();
export type RolloutAudit = z.input<typeof RolloutAuditSchema>;

/** Checks the audit chain: the newest AUDIT_VERIFY_MAX entries, each linked to the one before. */
export const AuditVerifySchema = z.object({}).strict();
export type AuditVerify = z.input<typeof AuditVerifySchema>;

/**
 * What the check found: entries `from` to `to` (sequence numbers) hold, and `brokenAt` is null; or
 * `brokenAt` is the first entry that was changed, or that follows one removed or moved.
 */
export const AuditVerificationSchema = z.object({
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
  brokenAt: z.number().int().positive().nullable(),
  at: z.iso.datetime(),
});
export type AuditVerificationView = z.infer<typeof AuditVerificationSchema>;
