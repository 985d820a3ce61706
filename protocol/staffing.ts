/**
 * The staffing projection on the Rollout page (`/agent` namespace): `staffing:projection`
 * (supervisors and managers) and `staffing:save-plan` (managers). The plan is each agent's planned
 * hours per weekday on a site, with the service level, answer time, occupancy cap and shrinkage the
 * projection is computed for. Clients import the types only.
 */
import { z } from 'zod';
import { WEEKDAYS, type OpeningPeriod, type Weekday } from './hours.js';
import type { Language } from './languages.js';
import { LanguageSchema } from './models.js';

export const STAFFING_PLAN_AGENTS_MAX = 500;
export const STAFFING_PERIODS_PER_DAY_MAX = 4;

const SiteIdSchema = z.string().min(1).max(64);
const TimeSchema = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'Use HH:MM.');

export const PlannedAgentSchema = z
  .object({
    agentId: z.string().min(1).max(64),
    weekly: z.partialRecord(z.enum(WEEKDAYS), z.array(z.object({ opens: TimeSchema, closes: TimeSchema }).strict()).max(STAFFING_PERIODS_PER_DAY_MAX)),
  })
  .strict();

export const StaffingSettingsSchema = z
  .object({
    serviceLevel: z.number().gt(0).lt(1),
    answerWithinSeconds: z.number().int().min(1).max(3600),
    maxOccupancy: z.number().gt(0).max(1),
    shrinkage: z.number().min(0).lt(1),
  })
  .strict();

/** `staffing:projection`: now, each scheduled step, and optionally another share (0–100). */
export const StaffingProjectionRequestSchema = z
  .object({
    siteId: SiteIdSchema,
    targetShare: z.number().int().min(0).max(100).optional(),
    /** A segment of the site's demand: one language, one page group (`/benefits`), or both. */
    language: LanguageSchema.optional(),
    page: z.string().min(1).max(60).regex(/^\/[^\s]*$/, 'A page group starts with /.').optional(),
  })
  .strict();
export type StaffingProjectionRequest = z.input<typeof StaffingProjectionRequestSchema>;

/** `staffing:save-plan`: replaces the agents and settings, if the plan is still at `version` (0: never saved). */
export const StaffingSavePlanSchema = z
  .object({
    siteId: SiteIdSchema,
    version: z.number().int().min(0),
    agents: z.array(PlannedAgentSchema).max(STAFFING_PLAN_AGENTS_MAX),
    settings: StaffingSettingsSchema,
  })
  .strict();
export type StaffingSavePlan = z.input<typeof StaffingSavePlanSchema>;

export interface StaffingSettingsView {
  serviceLevel: number;
  answerWithinSeconds: number;
  maxOccupancy: number;
  shrinkage: number;
}

export interface PlannedAgentView {
  agentId: string;
  /** The account's display name as it is now (null: the account is gone). */
  displayName: string | null;
  weekly: Partial<Record<Weekday, OpeningPeriod[]>>;
}

export interface StaffingPlanView {
  siteId: string;
  agents: PlannedAgentView[];
  settings: StaffingSettingsView;
  version: number;
  updatedAt: string | null;
}

export interface HourProjectionView {
  hour: number;
  arrivalsPerHour: number | null;
  low: number | null;
  high: number | null;
  agentsNeeded: number | null;
  agentsNeededHigh: number | null;
  slotModelAgents: number | null;
  fullTimeEquivalents: number | null;
  scheduled: number;
}

export interface ProjectedStepView {
  /** 0–100. */
  share: number;
  /** ISO 8601; null: now (or the share asked about). */
  applyAt: string | null;
  changeId: string | null;
  weekday: Weekday;
  hours: HourProjectionView[];
  peak: HourProjectionView | null;
}

export interface StaffingProjectionView {
  siteId: string;
  timeZone: string;
  currentShare: number;
  plan: StaffingPlanView;
  /** Seconds from answer to close on average, and chats an agent held at once; `workMeasured` false: assumed (nothing measured yet). */
  handleSeconds: number;
  concurrency: number;
  workMeasured: boolean;
  /** The segment projected (absent parts: every language, every page), and the page groups seen, to choose from. */
  segment: { language: Language | null; page: string | null };
  pages: string[];
  observedHours: number;
  observedChats: number;
  lookbackDays: number;
  steps: ProjectedStepView[];
  at: string;
}
