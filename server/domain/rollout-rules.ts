/**
 * The soft launch's rules (README.md, "Soft launch"): who is offered chat, and each part of the
 * service, on which pages, in which languages, at which hours. Pure: the visitor, the page, the
 * time and the site's state are passed in; the answer says what is offered and, rule by rule, why.
 *
 * One `AudienceRule` shape serves chat itself, each feature (transcript download, satisfaction
 * survey, leave-a-message, self-service suggestions) and each topic. A rule offers when every one
 * of its checks passes, in this order (the first that fails is the reason):
 *
 * 1. `enabled` (for chat, the kill switch);
 * 2. the page: not matched by an exclude pattern, and matched by an include pattern when there are any;
 * 3. the language: one the rule offers;
 * 4. the hours: outside the site's hours a rule with `outsideHours: 'hide'` does not offer (chat
 *    with `'show_closed'` is offered and shows the closed state, with the hours and other ways);
 * 5. the share: the visitor's bucket (`rolloutBucket(groupId, visitorId)`, Unleash's) is at most
 *    `share`. The group id stays fixed when the share moves, so widening only adds visitors and
 *    narrowing removes the most recently added first.
 *
 * Official languages: a rule may leave a language out only on pages declared to be in the other
 * language (include patterns that carry `language`), so that no rule offers chat in one language
 * but not the other on a bilingual page (`validateRule` refuses it and says why).
 */
import { LANGUAGES, type Language } from '../../protocol/languages.js';
import { rolloutBucket, withinShare } from './rollout.js';

/** Parts of the service rolled out on their own, beside chat itself and each topic. */
export const ROLLOUT_FEATURES = ['transcript', 'survey', 'leave_message', 'self_service'] as const;
export type RolloutFeature = (typeof ROLLOUT_FEATURES)[number];

/** Most patterns in one list, and longest pattern: matching stays cheap on every page view. */
export const PAGE_PATTERNS_MAX = 50;
export const PAGE_PATTERN_LENGTH_MAX = 200;

/**
 * A page pattern: `*` stands for any run of characters (slashes included). One that starts with
 * `/` is matched against the page's path; otherwise against its origin and path
 * (`https://www.example.gc.ca/en/*`). Queries and fragments never reach the server.
 */
export interface PagePattern {
  pattern: string;
  /** The pages it matches are in this language only (see the module comment). */
  language?: Language;
}

export interface AudienceRule {
  /** Off: offered to no new visitor. For chat itself, the kill switch. */
  enabled: boolean;
  /** Percentage of visitors offered, 0 to 100 (by bucket). */
  share: number;
  /** Unleash's group id for this rule's buckets; kept when the share changes. */
  groupId: string;
  /** Offered only on pages matching one of these; every page when empty. */
  includePages: PagePattern[];
  /** Never offered on pages matching one of these. */
  excludePages: string[];
  /** Languages offered in (both, unless only unilingual pages are included). */
  languages: Language[];
  /** Outside the site's hours: shown with the closed state, or not shown at all. */
  outsideHours: 'show_closed' | 'hide';
}

/** The checks of a rule, in the order they are made. */
export const RULE_CHECKS = ['enabled', 'page', 'language', 'hours', 'share'] as const;
export type RuleCheck = (typeof RULE_CHECKS)[number];

/** What one check said, for the preview: passed or not, with what it looked at. */
export interface CheckVerdict {
  check: RuleCheck;
  pass: boolean;
  /** The pattern that matched (page), the bucket against the share (share), the reason closed (hours). */
  detail: string | null;
}

/** A rule's answer for one visitor: offered or not, the first check that failed, and every check's verdict. */
export interface RuleEvaluation {
  offered: boolean;
  failed: RuleCheck | null;
  verdicts: CheckVerdict[];
}

/** What a rule is evaluated against. */
export interface Audience {
  visitorId: string;
  /** The page's origin and path, without query or fragment. */
  pageUrl: string;
  language: Language;
  /** Whether the site is within its hours now. */
  withinHours: boolean;
}

/** Evaluates every check of a rule (all of them, for the preview; the first failure is the reason). */
export function evaluateRule(rule: AudienceRule, audience: Audience): RuleEvaluation {
  const excluded = rule.excludePages.find((pattern) => pageMatches(pattern, audience.pageUrl));
  const included = rule.includePages.find((page) => pageMatches(page.pattern, audience.pageUrl));
  const pagePass = excluded === undefined && (rule.includePages.length === 0 || included !== undefined);
  const bucket = rolloutBucket(rule.groupId, audience.visitorId);
  const verdicts: CheckVerdict[] = [
    { check: 'enabled', pass: rule.enabled, detail: null },
    {
      check: 'page',
      pass: pagePass,
      detail: excluded !== undefined ? `excluded by ${excluded}` : included !== undefined ? `included by ${included.pattern}` : rule.includePages.length === 0 ? 'every page' : 'no include pattern matches',
    },
    { check: 'language', pass: rule.languages.includes(audience.language), detail: audience.language },
    { check: 'hours', pass: audience.withinHours || rule.outsideHours === 'show_closed', detail: audience.withinHours ? 'open' : 'closed' },
    { check: 'share', pass: withinShare(bucket, rule.share), detail: `bucket ${bucket} of 100, share ${rule.share} %` },
  ];
  const failed = verdicts.find((verdict) => !verdict.pass)?.check ?? null;
  return { offered: failed === null, failed, verdicts };
}

/** Why a rule cannot be saved, in words a manager reads; empty when it can. */
export function validateRule(rule: AudienceRule): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(rule.share) || rule.share < 0 || rule.share > 100) problems.push('The share must be a whole percentage from 0 to 100.');
  if (rule.groupId.trim() === '' || rule.groupId.length > 100) problems.push('The group id must have 1 to 100 characters.');
  if (rule.includePages.length > PAGE_PATTERNS_MAX || rule.excludePages.length > PAGE_PATTERNS_MAX) {
    problems.push(`A rule can list at most ${PAGE_PATTERNS_MAX} include and ${PAGE_PATTERNS_MAX} exclude patterns.`);
  }
  for (const pattern of [...rule.includePages.map((page) => page.pattern), ...rule.excludePages]) {
    const problem = patternProblem(pattern);
    if (problem !== null) problems.push(problem);
  }
  if (rule.languages.length === 0) problems.push('Choose at least one language.');
  const left = LANGUAGES.filter((language) => !rule.languages.includes(language));
  if (rule.languages.length > 0 && left.length > 0) {
    // Leaving a language out is allowed only where every page offered is in the other language.
    const bilingual = rule.includePages.length === 0 ? ['every page'] : rule.includePages.filter((page) => page.language === undefined || left.includes(page.language)).map((page) => page.pattern);
    if (bilingual.length > 0) {
      problems.push(
        `Chat would be offered in ${rule.languages.join(', ')} but not in ${left.join(', ')} on bilingual pages (${bilingual.join(', ')}): ` +
          'offer both languages, or include only pages declared to be in one language.',
      );
    }
  }
  return problems;
}

/** What is wrong with a page pattern, or null. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length === 0 || pattern.length > PAGE_PATTERN_LENGTH_MAX) return `A page pattern must have 1 to ${PAGE_PATTERN_LENGTH_MAX} characters.`;
  if (/[\s?#]/.test(pattern)) return `"${pattern}": a page pattern has no spaces, query (?) or fragment (#).`;
  if (!pattern.startsWith('/') && !/^https?:\/\/[^/*]+(\/|$)/.test(pattern)) {
    return `"${pattern}": a page pattern starts with / (a path) or with https:// and a host without *.`;
  }
  return null;
}

/**
 * Whether a page matches a pattern (see `PagePattern`). Hosts compare without case. Wildcards are
 * matched greedily with backtracking to the last `*` only, so the cost is at most the product of
 * the two lengths (both bounded), never exponential.
 */
export function pageMatches(pattern: string, pageUrl: string): boolean {
  let subject: string;
  let glob: string;
  if (pattern.startsWith('/')) {
    const path = pathOf(pageUrl);
    if (path === null) return false;
    subject = path;
    glob = pattern;
  } else {
    const hostEnd = pattern.indexOf('/', pattern.indexOf('//') + 2);
    const patternOrigin = (hostEnd === -1 ? pattern : pattern.slice(0, hostEnd)).toLowerCase();
    const page = originAndPath(pageUrl);
    if (page === null) return false;
    subject = page.origin + page.path;
    glob = patternOrigin + (hostEnd === -1 ? '' : pattern.slice(hostEnd));
  }
  return wildcardMatch(glob, subject);
}

function pathOf(pageUrl: string): string | null {
  return originAndPath(pageUrl)?.path ?? null;
}

function originAndPath(pageUrl: string): { origin: string; path: string } | null {
  try {
    const url = new URL(pageUrl);
    return { origin: url.origin.toLowerCase(), path: url.pathname };
  } catch {
    return null;
  }
}

/** `*` matches any run of characters; everything else matches itself. */
function wildcardMatch(glob: string, subject: string): boolean {
  let g = 0;
  let s = 0;
  let star = -1;
  let resume = 0;
  while (s < subject.length) {
    if (g < glob.length && glob[g] !== '*' && glob[g] === subject[s]) {
      g++;
      s++;
    } else if (g < glob.length && glob[g] === '*') {
      star = g++;
      resume = s;
    } else if (star !== -1) {
      g = star + 1;
      s = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') g++;
  return g === glob.length;
}
