/**
 * The Rollout page's logic (issue #8, point 9), pure: the form a manager edits and the settings it
 * makes, where the server's refusal reasons go, what a change changed (for pending changes and the
 * audit), who may approve what, and the schedule. The client (rollout-client.ts) talks to the
 * server; the components only draw what these functions answer.
 */
import type { Language } from '../../protocol/languages.js';
import type { AuditEntryView, AudienceRuleView, PagePatternView, RolloutChangeView, RolloutSettings, RolloutState } from '../../protocol/rollout.js';
import type { Role } from '../../protocol/models.js';
import { hasRole, ROLLOUT_EDITOR } from './router.js';

/** The parts of the service rolled out on their own (as protocol/rollout.ts `ROLLOUT_FEATURE_NAMES`). */
export const FEATURES = ['transcript', 'survey', 'leave_message', 'self_service'] as const;
export type Feature = (typeof FEATURES)[number];

const LANGS: readonly Language[] = ['en', 'fr'];

// ---------------------------------------------------------------------------------------------
// The form
// ---------------------------------------------------------------------------------------------

/** One feature's or topic's rule as the form shows it: on or off, and its share. */
export interface RuleFields {
  enabled: boolean;
  share: string;
}

/** What the manager edits, as typed (numbers as text, so that a half-typed value is kept). */
export interface PolicyForm {
  share: string;
  /** One pattern a line; a line may end with ` [en]` or ` [fr]` for pages in that language only. */
  includePages: string;
  /** One pattern a line. */
  excludePages: string;
  languages: Record<Language, boolean>;
  outsideHours: 'show_closed' | 'hide';
  features: Record<Feature, RuleFields>;
  topics: Record<string, RuleFields>;
  guardEnabled: boolean;
  maxWaitMinutes: string;
  maxQueuePerAgent: string;
  stickiness: 'session' | 'browser';
  reason: string;
  /** `YYYY-MM-DDTHH:MM` from a `datetime-local` field, in the browser's time zone; empty: as soon as allowed. */
  applyAt: string;
}

/** Fields a problem can be shown beside. */
export type FormField =
  | 'share'
  | 'includePages'
  | 'excludePages'
  | 'languages'
  | 'outsideHours'
  | `feature.${Feature}`
  | `topic.${string}`
  | 'maxWaitMinutes'
  | 'maxQueuePerAgent'
  | 'guard'
  | 'reason'
  | 'applyAt'
  | 'form';

/** A problem the console found itself: a code its strings say in both languages. */
export type LocalProblem =
  | { field: FormField; code: 'share_range' }
  | { field: FormField; code: 'no_language' }
  | { field: 'languages'; code: 'official_languages'; missing: Language }
  | { field: FormField; code: 'number' }
  | { field: 'reason'; code: 'reason_missing' }
  | { field: 'applyAt'; code: 'apply_at_invalid' }
  | { field: 'includePages'; code: 'page_language'; line: string };

const numberText = (value: number | null) => (value === null ? '' : String(value));

/** The form showing a policy's (or a change's) settings, with no reason or time yet. */
export function formOf(settings: RolloutSettings): PolicyForm {
  const fields = (rule: AudienceRuleView): RuleFields => ({ enabled: rule.enabled, share: String(rule.share) });
  return {
    share: String(settings.chat.share),
    includePages: settings.chat.includePages.map((page) => (page.language === undefined ? page.pattern : `${page.pattern} [${page.language}]`)).join('\n'),
    excludePages: settings.chat.excludePages.join('\n'),
    languages: { en: settings.chat.languages.includes('en'), fr: settings.chat.languages.includes('fr') },
    outsideHours: settings.chat.outsideHours,
    features: Object.fromEntries(FEATURES.map((feature) => [feature, fields(settings.features[feature])])) as Record<Feature, RuleFields>,
    topics: Object.fromEntries(Object.entries(settings.topics).map(([topicId, rule]) => [topicId, fields(rule)])),
    guardEnabled: settings.guard.enabled,
    maxWaitMinutes: numberText(settings.guard.maxWaitMinutes),
    maxQueuePerAgent: numberText(settings.guard.maxQueuePerAgent),
    stickiness: settings.stickiness,
    reason: '',
    applyAt: '',
  };
}

/** The settings of a policy's (the lists, group ids and guard timings the form does not show are kept). */
export function settingsOf(policy: RolloutSettings): RolloutSettings {
  const { chat, features, topics, guard, stickiness } = policy;
  return { chat, features, topics, guard, stickiness };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** A whole percentage 0 to 100, or null. */
function parseShare(text: string): number | null {
  if (!/^\d{1,3}$/.test(text.trim())) return null;
  const share = Number(text.trim());
  return share <= 100 ? share : null;
}

/** A positive number (a decimal comma allowed, as French writes it), empty for none, or undefined when not one. */
function parseOptionalNumber(text: string): number | null | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** An include line: `pattern` or `pattern [en]` / `pattern [fr]`. */
function parseIncludeLine(line: string): PagePatternView | null {
  const match = /^(\S+)(?:\s+\[(en|fr)\])?$/.exec(line);
  if (match === null) return null;
  return match[2] === undefined ? { pattern: match[1]! } : { pattern: match[1]!, language: match[2] as Language };
}

/**
 * The official-languages rule (as server/domain/rollout-rules.ts `validateRule`): a rule may leave a
 * language out only when every page it includes is declared to be in the other language. The
 * console says so in the manager's language before asking; the server refuses it all the same.
 */
export function officialLanguagesProblem(languages: readonly Language[], includePages: readonly PagePatternView[]): Language | null {
  if (languages.length === 0) return null;
  const missing = LANGS.find((language) => !languages.includes(language));
  if (missing === undefined) return null;
  const bilingual = includePages.length === 0 || includePages.some((page) => page.language === undefined || page.language === missing);
  return bilingual ? missing : null;
}

/** What the form asks for: the settings after the change, or the problems that stop it. */
export type FormOutcome =
  | { ok: true; settings: RolloutSettings; reason: string; applyAt: string | null }
  | { ok: false; problems: LocalProblem[] };

/**
 * The settings the form makes from `base` (the policy, or the change being edited): what the form
 * shows replaced, the rest kept. `toIso` turns a `datetime-local` value into an ISO time (the
 * browser's time zone; passed in so that this stays pure).
 */
export function settingsFromForm(form: PolicyForm, base: RolloutSettings, toIso: (local: string) => string | null): FormOutcome {
  const problems: LocalProblem[] = [];
  const share = parseShare(form.share);
  if (share === null) problems.push({ field: 'share', code: 'share_range' });
  const includePages: PagePatternView[] = [];
  for (const line of lines(form.includePages)) {
    const page = parseIncludeLine(line);
    if (page === null) problems.push({ field: 'includePages', code: 'page_language', line });
    else includePages.push(page);
  }
  const languages = LANGS.filter((language) => form.languages[language]);
  if (languages.length === 0) problems.push({ field: 'languages', code: 'no_language' });
  const missing = officialLanguagesProblem(languages, includePages);
  if (missing !== null) problems.push({ field: 'languages', code: 'official_languages', missing });

  const rule = (fields: RuleFields, field: FormField, was: AudienceRuleView): AudienceRuleView => {
    const ruleShare = parseShare(fields.share);
    if (ruleShare === null) problems.push({ field, code: 'share_range' });
    return { ...was, enabled: fields.enabled, share: ruleShare ?? was.share };
  };
  const features = Object.fromEntries(
    FEATURES.map((feature) => [feature, rule(form.features[feature], `feature.${feature}`, base.features[feature])]),
  ) as RolloutSettings['features'];
  const topics: RolloutSettings['topics'] = {};
  for (const [topicId, fields] of Object.entries(form.topics)) {
    // A new topic rule starts as chat's (so it changes nothing but what the manager sets).
    topics[topicId] = rule(fields, `topic.${topicId}`, base.topics[topicId] ?? { ...base.chat, groupId: `chat-offer.topic.${topicId}` });
  }

  const maxWaitMinutes = parseOptionalNumber(form.maxWaitMinutes);
  if (maxWaitMinutes === undefined) problems.push({ field: 'maxWaitMinutes', code: 'number' });
  const maxQueuePerAgent = parseOptionalNumber(form.maxQueuePerAgent);
  if (maxQueuePerAgent === undefined) problems.push({ field: 'maxQueuePerAgent', code: 'number' });

  const reason = form.reason.trim();
  if (reason === '') problems.push({ field: 'reason', code: 'reason_missing' });
  let applyAt: string | null = null;
  if (form.applyAt.trim() !== '') {
    // What a `datetime-local` field gives (seconds allowed); anything else is not a time.
    applyAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(form.applyAt.trim()) ? toIso(form.applyAt.trim()) : null;
    if (applyAt === null) problems.push({ field: 'applyAt', code: 'apply_at_invalid' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    reason,
    applyAt,
    settings: {
      chat: { ...base.chat, share: share!, includePages, excludePages: lines(form.excludePages), languages, outsideHours: form.outsideHours },
      features,
      topics,
      guard: { ...base.guard, enabled: form.guardEnabled, maxWaitMinutes: maxWaitMinutes ?? null, maxQueuePerAgent: maxQueuePerAgent ?? null },
      stickiness: form.stickiness,
    },
  };
}

/** The settings with chat switched off or on, nothing else changed (the kill switch). */
export function withChatEnabled(settings: RolloutSettings, enabled: boolean): RolloutSettings {
  return { ...settings, chat: { ...settings.chat, enabled } };
}

/**
 * Which field a problem of the server's `invalid_policy` refusal goes beside. Its message lists
 * each problem as a sentence, prefixed by its rule (`Chat: …`, `Feature transcript: …`,
 * `Topic permits: …`; guard problems have no prefix); anything not recognised goes to the form.
 */
export function fieldOfServerProblem(problem: string): FormField {
  const feature = /^Feature (\w+):/.exec(problem);
  if (feature !== null && (FEATURES as readonly string[]).includes(feature[1]!)) return `feature.${feature[1] as Feature}`;
  const topic = /^Topic ([^:]+):/.exec(problem);
  if (topic !== null) return `topic.${topic[1]!}`;
  if (/^Chat:/.test(problem)) {
    if (/share/i.test(problem)) return 'share';
    if (/language|bilingual/i.test(problem)) return 'languages';
    if (/exclude/i.test(problem)) return 'excludePages';
    if (/pattern|page/i.test(problem)) return 'includePages';
    return 'form';
  }
  if (/longest wait/i.test(problem)) return 'maxWaitMinutes';
  if (/per agent/i.test(problem)) return 'maxQueuePerAgent';
  if (/guard|reopen/i.test(problem)) return 'guard';
  if (/reason|say why/i.test(problem)) return 'reason';
  return 'form';
}

/**
 * The server's refusal split into its problems, each with its field. Problems are sentences; the
 * message joins them with a space after each one's full stop (server/domain/rollout-changes.ts).
 */
export function serverProblems(message: string): Array<{ field: FormField; text: string }> {
  const parts = message.split(/(?<=\.)\s+(?=(?:Chat|Guard|Feature \w+|Topic [^:]+|The |Set |Waiting |Choose |A )\b)/);
  return parts.map((text) => text.trim()).filter((text) => text !== '').map((text) => ({ field: fieldOfServerProblem(text), text }));
}

// ---------------------------------------------------------------------------------------------
// What a change changes
// ---------------------------------------------------------------------------------------------

/** One setting that differs: its path (`chat.share`, `features.survey.enabled`, `guard.maxWaitMinutes`) and both values. */
export interface SettingChange {
  path: string;
  before: unknown;
  after: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Every setting that differs between two settings, leaf by leaf (lists are leaves), in a stable order. */
export function settingChanges(before: RolloutSettings, after: RolloutSettings): SettingChange[] {
  const changes: SettingChange[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], path === '' ? key : `${path}.${key}`);
      return;
    }
    if (!same(a, b)) changes.push({ path, before: a, after: b });
  };
  walk(settingsOf(before), settingsOf(after), '');
  return changes;
}

/** What an audit entry's before and after say changed in the policy, when they hold policies or changes. */
export function auditChanges(entry: Pick<AuditEntryView, 'before' | 'after'>): SettingChange[] {
  const policyOf = (value: unknown): RolloutSettings | null => (isPlainObject(value) && isPlainObject(value.chat) && isPlainObject(value.guard) ? (value as unknown as RolloutSettings) : null);
  const before = policyOf(entry.before);
  const after = policyOf(entry.after);
  if (before !== null && after !== null) return settingChanges(before, after);
  // A change's entries hold the change: what it changes is between its own before and after.
  const change = isPlainObject(entry.after) ? entry.after : isPlainObject(entry.before) ? entry.before : null;
  if (change !== null) {
    const changeBefore = policyOf(change.before);
    const changeAfter = policyOf(change.after);
    if (changeBefore !== null && changeAfter !== null) return settingChanges(changeBefore, changeAfter);
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Who may do what, pending changes and the schedule
// ---------------------------------------------------------------------------------------------

/** Whether this role changes the rollout (managers) or only sees it (supervisors). */
export function mayChangeRollout(role: Role): boolean {
  return hasRole(role, ROLLOUT_EDITOR);
}

/** Why someone may not approve a pending change, or null when they may. */
export type ApprovalBlock = 'not_manager' | 'own_change' | 'not_needed' | 'approved' | 'not_pending';

export function approvalBlock(change: RolloutChangeView, me: { id: string; role: Role }): ApprovalBlock | null {
  if (!mayChangeRollout(me.role)) return 'not_manager';
  if (change.status !== 'pending') return 'not_pending';
  if (!change.needsApproval) return 'not_needed';
  if (change.approvedBy !== null) return 'approved';
  if (change.proposedBy.id === me.id) return 'own_change';
  return null;
}

/** Whether someone may edit a pending change: only the manager who proposed it. */
export function mayEdit(change: RolloutChangeView, me: { id: string; role: Role }): boolean {
  return mayChangeRollout(me.role) && change.status === 'pending' && change.proposedBy.id === me.id;
}

/** Pending changes waiting for a second manager. */
export function awaitingApproval(state: Pick<RolloutState, 'pending'>): RolloutChangeView[] {
  return state.pending.filter((change) => change.needsApproval && change.approvedBy === null);
}

/** The schedule: pending changes with a time, soonest first. */
export function scheduled(state: Pick<RolloutState, 'pending'>): RolloutChangeView[] {
  return state.pending.filter((change) => change.applyAt !== null).sort((a, b) => Date.parse(a.applyAt!) - Date.parse(b.applyAt!));
}

/** What a pending change is waiting for. */
export type PendingWait = 'approval' | 'time' | 'paused' | 'applying';

export function pendingWait(change: RolloutChangeView, schedulePaused: boolean, now: number): PendingWait {
  if (change.needsApproval && change.approvedBy === null) return 'approval';
  if (change.applyAt === null) return 'applying';
  if (schedulePaused) return 'paused';
  return Date.parse(change.applyAt) > now ? 'time' : 'applying';
}

/**
 * Whether two reads of a site's governance show the same thing (policy version, schedule switch,
 * pending changes and their versions, latest audit entry). A `rollout:changed` that brings nothing
 * new (the echo of this console's own command, read already) is then not announced as someone
 * else's change.
 */
export function sameGovernance(a: RolloutState, b: RolloutState): boolean {
  const pendingKey = (state: RolloutState) => state.pending.map((change) => `${change.id}@${change.version}`).join(',');
  return (
    a.siteId === b.siteId &&
    a.policy.version === b.policy.version &&
    a.schedulePaused === b.schedulePaused &&
    pendingKey(a) === pendingKey(b) &&
    a.audit[0]?.seq === b.audit[0]?.seq
  );
}

/** The settings a change leaves the policy with: its after, without the site's bookkeeping. */
export function changeSettings(change: RolloutChangeView): RolloutSettings {
  return settingsOf(change.after);
}
