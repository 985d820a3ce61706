/**
 * Sites and queues as managers administer them (issue #9, points 3 and 4): what makes one valid.
 * Pure: the queues a site's topics point at are passed in. Each check answers a list of problems,
 * in English, for the manager to act on (empty: valid); the transport's schema has already bounded
 * the shape and sizes, and these bounds are checked again here so that the domain holds alone.
 */
import { OTHER_WAY_KINDS, type BusinessHours, type OtherWay, type SelfServiceLink } from '../../protocol/hours.js';
import { LANGUAGES, type Bilingual } from '../../protocol/languages.js';
import {
  SITE_HOLIDAYS_MAX,
  SITE_LINK_MAX,
  SITE_NAME_MAX,
  SITE_ORIGINS_MAX,
  SITE_OTHER_WAYS_MAX,
  SITE_PERIODS_PER_DAY_MAX,
  SITE_SELF_SERVICE_MAX,
  SITE_TEXT_MAX,
  SITE_TOPICS_MAX,
} from '../../protocol/limits.js';
import { PRIVACY_NOTICE_FIELDS, PRIVACY_NOTICE_TEXT_MAX, type PrivacyNotice, type SiteQuickExit, type SiteRedaction } from '../../protocol/privacy.js';
import { hoursProblems } from './business-hours.js';
import type { Queue, Site } from './entities.js';
import { originFault } from '../../protocol/origin-rules.js';

/** What ids of sites, topics and queues look like: they appear in embed snippets, URLs and logs. */
export const ADMIN_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/**
 * Why `value` is not an origin a site may allow, in English, or null when it is one. The rule is
 * protocol/origin-rules.ts (`originFault`), which the console applies too.
 */
export function originProblem(value: string): string | null {
  const fault = originFault(value);
  if (fault === null) return null;
  switch (fault.kind) {
    case 'wildcard':
      return `"${value}" is not allowed: the only wildcard is https://*.example.gov.xx (every subdomain of a domain).`;
    case 'not_url':
      return `"${value}" is not an origin: write it as https://www.example.gov.xx.`;
    case 'scheme':
      return `"${value}" is not an origin: only http and https pages embed the widget.`;
    case 'credentials':
      return `"${value}" cannot hold a user name or password.`;
    case 'not_as_sent':
      return `"${value}" is not an origin as browsers send it: write only the scheme, the host and a port (${fault.origin}), in lower case, with no path.`;
    case 'wildcard_scope':
      return `"${value}": a wildcard covers the subdomains of a domain such as example.gov.xx.`;
    case 'not_host':
      return `"${value}" does not name a host.`;
  }
}

/** The site a manager writes (its id aside). */
export type SiteFields = Omit<Site, 'id'>;

/** The problems of a site, its topics checked against the deployment's `queues`. */
export function siteProblems(site: SiteFields, queues: readonly Queue[]): string[] {
  const problems: string[] = [];
  problems.push(...bilingualProblems('The site name', site.name, SITE_NAME_MAX));
  problems.push(...originsProblems(site.allowedOrigins));
  problems.push(...topicsProblems(site, queues));
  if (site.hours !== null) problems.push(...siteHoursProblems(site.hours));
  problems.push(...otherWaysProblems(site.otherWays));
  problems.push(...selfServiceProblems(site.selfService));
  if (site.redaction !== undefined) problems.push(...redactionProblems(site.redaction));
  if (site.privacyNotice != null) problems.push(...privacyNoticeProblems(site.privacyNotice));
  if (site.quickExit !== undefined) problems.push(...quickExitProblems(site.quickExit));
  return problems;
}

function redactionProblems(redaction: SiteRedaction): string[] {
  const kinds = ['phone', 'email', 'postalCode'] as const;
  const problems = kinds.filter((kind) => typeof redaction[kind] !== 'boolean').map((kind) => `Redaction: say whether to remove ${kind} (true or false).`);
  if (Object.keys(redaction).some((key) => !(kinds as readonly string[]).includes(key))) problems.push('Redaction: only phone, email and postalCode can be chosen.');
  return problems;
}

/** Every part of a collection notice, in both languages; the full notice an https link. */
function privacyNoticeProblems(notice: PrivacyNotice): string[] {
  const problems: string[] = [];
  for (const field of PRIVACY_NOTICE_FIELDS) {
    const text = notice[field];
    if (text === undefined || text === null) {
      problems.push(`The privacy notice needs its ${field}.`);
      continue;
    }
    if (field !== 'fullNoticeUrl') {
      problems.push(...bilingualProblems(`The privacy notice's ${field}`, text, PRIVACY_NOTICE_TEXT_MAX));
      continue;
    }
    for (const language of LANGUAGES) {
      const problem = linkProblem(text[language] ?? '');
      if (problem !== null) problems.push(`The privacy notice's ${language} link: ${problem}`);
    }
  }
  return problems;
}

function quickExitProblems(quickExit: SiteQuickExit): string[] {
  const problems: string[] = [];
  if (typeof quickExit.enabled !== 'boolean') problems.push('Quick exit: say whether it is on (true or false).');
  const problem = linkProblem(quickExit.url);
  if (problem !== null) problems.push(`Quick exit: ${problem}`);
  return problems;
}

function originsProblems(origins: readonly string[]): string[] {
  const problems: string[] = [];
  if (origins.length > SITE_ORIGINS_MAX) problems.push(`A site allows at most ${SITE_ORIGINS_MAX} origins.`);
  if (new Set(origins).size !== origins.length) problems.push('Name each origin once.');
  for (const origin of origins.slice(0, SITE_ORIGINS_MAX)) {
    const problem = originProblem(origin);
    if (problem !== null) problems.push(problem);
  }
  return problems;
}

function topicsProblems(site: SiteFields, queues: readonly Queue[]): string[] {
  const problems: string[] = [];
  if (site.topics.length === 0) problems.push('A site needs at least one topic.');
  if (site.topics.length > SITE_TOPICS_MAX) problems.push(`A site has at most ${SITE_TOPICS_MAX} topics.`);
  const ids = site.topics.map((topic) => topic.id);
  if (new Set(ids).size !== ids.length) problems.push('Each topic needs an id of its own.');
  const byId = new Map(queues.map((queue) => [queue.id, queue]));
  for (const topic of site.topics.slice(0, SITE_TOPICS_MAX)) {
    if (!ADMIN_ID_PATTERN.test(topic.id)) problems.push(`"${topic.id}" is not a topic id: lower-case letters, digits and hyphens.`);
    problems.push(...bilingualProblems(`The label of topic "${topic.id}"`, topic.label, SITE_TEXT_MAX));
    for (const language of LANGUAGES) {
      const queueId = topic.queues[language];
      const queue = byId.get(queueId);
      if (queue === undefined) problems.push(`Topic "${topic.id}": there is no queue "${queueId}".`);
      else if (queue.language !== language) {
        problems.push(`Topic "${topic.id}": its ${language} chats cannot wait in "${queueId}", a ${queue.language} queue.`);
      }
    }
  }
  return problems;
}

function siteHoursProblems(hours: BusinessHours): string[] {
  const problems = hoursProblems(hours);
  for (const [day, periods] of Object.entries(hours.weekly)) {
    if ((periods ?? []).length > SITE_PERIODS_PER_DAY_MAX) problems.push(`${day}: at most ${SITE_PERIODS_PER_DAY_MAX} periods a day.`);
  }
  if (hours.holidays.length > SITE_HOLIDAYS_MAX) problems.push(`At most ${SITE_HOLIDAYS_MAX} holidays.`);
  if (new Set(hours.holidays).size !== hours.holidays.length) problems.push('Name each holiday once.');
  return problems;
}

function otherWaysProblems(ways: readonly OtherWay[]): string[] {
  const problems: string[] = [];
  if (ways.length > SITE_OTHER_WAYS_MAX) problems.push(`At most ${SITE_OTHER_WAYS_MAX} other ways to reach the service.`);
  for (const way of ways.slice(0, SITE_OTHER_WAYS_MAX)) {
    if (!(OTHER_WAY_KINDS as readonly string[]).includes(way.kind)) problems.push(`"${way.kind}" is not a kind of other way.`);
    problems.push(...bilingualProblems(`The text of a ${way.kind} way`, way.text, SITE_TEXT_MAX));
    if (way.href === null) continue;
    const telephone = way.kind === 'phone' || way.kind === 'tty';
    for (const language of LANGUAGES) {
      const href = way.href[language];
      const valid = (telephone && /^tel:\+?[0-9]{3,20}$/.test(href)) || linkProblem(href) === null;
      if (!valid) problems.push(`The ${language} link of a ${way.kind} way must be an https link${telephone ? ' or tel:+digits' : ''} (${SITE_LINK_MAX} characters at most).`);
    }
  }
  return problems;
}

function selfServiceProblems(links: readonly SelfServiceLink[]): string[] {
  const problems: string[] = [];
  if (links.length > SITE_SELF_SERVICE_MAX) problems.push(`At most ${SITE_SELF_SERVICE_MAX} self-service links.`);
  for (const link of links.slice(0, SITE_SELF_SERVICE_MAX)) {
    problems.push(...bilingualProblems('The label of a self-service link', link.label, SITE_TEXT_MAX));
    for (const language of LANGUAGES) {
      const problem = linkProblem(link.url[language]);
      if (problem !== null) problems.push(`The ${language} self-service link: ${problem}`);
    }
  }
  return problems;
}

/** Why `value` is not an https link a citizen may be sent to, or null. */
export function linkProblem(value: string): string | null {
  if (value.length > SITE_LINK_MAX) return `a link has at most ${SITE_LINK_MAX} characters.`;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:') return `"${value}" is not an https link.`;
    if (url.username !== '' || url.password !== '') return `"${value}" cannot hold a user name or password.`;
    return null;
  } catch {
    return `"${value}" is not a link.`;
  }
}

/** Both languages present (not blank), within `max` characters, with no control characters. */
function bilingualProblems(what: string, text: Bilingual, max: number): string[] {
  const problems: string[] = [];
  for (const language of LANGUAGES) {
    const value = text[language];
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${what} is missing in ${language === 'en' ? 'English' : 'French'}.`);
    else if (value.length > max) problems.push(`${what} has at most ${max} characters (${language}).`);
    else if (/[\p{Cc}\p{Cf}]/u.test(value)) problems.push(`${what} cannot hold control characters (${language}).`);
  }
  return problems;
}

/** The problems of a queue (its id aside). */
export function queueProblems(queue: Omit<Queue, 'id'>): string[] {
  const problems = bilingualProblems('The queue name', queue.name, SITE_NAME_MAX);
  if (!(LANGUAGES as readonly string[]).includes(queue.language)) problems.push(`"${queue.language}" is not a language of the service.`);
  if (queue.mode !== 'automatic' && queue.mode !== 'agents_pick') problems.push(`"${queue.mode}" is not a queue mode.`);
  return problems;
}

/**
 * The topics of `sites` that a queue's new language would break: each names a site and topic
 * whose chats in another language wait in the queue. A queue's language can change only once
 * none do.
 */
export function topicsBrokenByLanguage(queueId: string, language: Queue['language'], sites: readonly Site[]): string[] {
  const broken: string[] = [];
  for (const site of sites) {
    for (const topic of site.topics) {
      for (const other of LANGUAGES) {
        if (other !== language && topic.queues[other] === queueId) broken.push(`${site.id}/${topic.id}`);
      }
    }
  }
  return broken;
}

/**
 * How each account's queues change so that exactly `memberIds` serve `queueId`: the accounts to
 * add it to and to take it from, with their new queue lists. Accounts not in `accounts` cannot be
 * members (the caller refuses unknown ids first).
 */
export function membershipChanges(
  queueId: string,
  memberIds: readonly string[],
  accounts: ReadonlyArray<{ id: string; queueIds: readonly string[] }>,
): Array<{ agentId: string; queueIds: string[] }> {
  const members = new Set(memberIds);
  const changes: Array<{ agentId: string; queueIds: string[] }> = [];
  for (const account of accounts) {
    const serves = account.queueIds.includes(queueId);
    if (members.has(account.id) && !serves) changes.push({ agentId: account.id, queueIds: [...account.queueIds, queueId] });
    if (!members.has(account.id) && serves) changes.push({ agentId: account.id, queueIds: account.queueIds.filter((id) => id !== queueId) });
  }
  return changes;
}
