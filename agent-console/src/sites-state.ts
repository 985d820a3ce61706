/**
 * The Sites and Queues pages (issue #9, points 3 and 4; a site's privacy settings, issue #10), the
 * pure part: a site's or a queue's form as typed, what it is missing before it is sent (field by field, in codes the page words in each
 * language), what an edit changes, the embed snippet, which field a server refusal belongs to, and
 * the lists kept in order. No DOM, no connection: SitesPage.tsx and QueuesPage.tsx draw it,
 * sites-client.ts sends it. The server checks everything again (server/domain/site-admin.ts).
 */
import type { AccountView } from '../../protocol/accounts.js';
import type { QueueAdminView, QueueCreate, QueueUpdate, SiteAdminView, SiteCreate, SiteUpdate } from '../../protocol/admin.js';
import { OTHER_WAY_KINDS, WEEKDAYS, type OtherWayKind, type Weekday } from '../../protocol/hours.js';
import { LANGUAGES, type Language } from '../../protocol/languages.js';
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
import { originFault, type OriginFault } from '../../protocol/origin-rules.js';
import {
  DEFAULT_QUICK_EXIT_URL,
  DEFAULT_SITE_REDACTION,
  PRIVACY_NOTICE_FIELDS,
  PRIVACY_NOTICE_TEXT_MAX,
  type PrivacyNotice,
  type SiteRedaction,
} from '../../protocol/privacy.js';
import type { ConsoleErrorCode } from './console-types.js';

type Bilingual = Record<Language, string>;

/** What ids of sites, topics and queues look like (protocol/admin.ts, `AdminIdSchema`). */
const ADMIN_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

const blank = (): Bilingual => ({ en: '', fr: '' });

export interface TopicDraft {
  id: string;
  label: Bilingual;
  /** The queue its chats wait in, per language ('' until chosen). */
  queues: Bilingual;
}

export interface OtherWayDraft {
  kind: OtherWayKind;
  text: Bilingual;
  /** Empty in both languages: not a link. */
  href: Bilingual;
}

export interface SelfServiceDraft {
  label: Bilingual;
  url: Bilingual;
}

/** A site's form as typed: lists of text stay text until checked. */
export interface SiteDraft {
  id: string;
  name: Bilingual;
  /** One origin a line. */
  origins: string;
  chatEnabled: boolean;
  topics: TopicDraft[];
  /** Off: open around the clock (no hours). */
  hoursOn: boolean;
  timeZone: string;
  /** Per weekday, its periods as `08:30-12:00, 13:00-16:30`; empty: closed. */
  weekly: Record<Weekday, string>;
  /** Dates `YYYY-MM-DD`, one a line (or separated by commas). */
  holidays: string;
  /** Minutes before closing when no new chat starts. */
  lastAdmission: string;
  otherWays: OtherWayDraft[];
  selfService: SelfServiceDraft[];
  /** The identifiers taken out of messages besides those always taken out. */
  redaction: SiteRedaction;
  /** Off: citizens read the chat app's general notice. */
  noticeOn: boolean;
  notice: Record<NoticePart, Bilingual>;
  quickExitOn: boolean;
  /** Empty: the default neutral page. */
  quickExitUrl: string;
}

/** The parts of a collection notice (protocol/privacy.ts), in the order the form shows them. */
export type NoticePart = (typeof PRIVACY_NOTICE_FIELDS)[number];
export const NOTICE_PARTS: readonly NoticePart[] = PRIVACY_NOTICE_FIELDS;

/** The parts of the site form; `form` for what belongs to none. */
export type SiteField = 'id' | 'name' | 'origins' | 'topics' | 'hours' | 'otherWays' | 'selfService' | 'redaction' | 'privacyNotice' | 'quickExit' | 'form';

export const SITE_FIELD_ORDER: readonly SiteField[] = ['id', 'name', 'origins', 'topics', 'hours', 'otherWays', 'selfService', 'redaction', 'privacyNotice', 'quickExit', 'form'];

/** What the console finds wrong before sending, each with what the words need. */
export type SiteProblem =
  | { code: 'id_missing' }
  | { code: 'id_invalid' }
  | { code: 'name_missing'; language: Language }
  | { code: 'too_long'; max: number }
  | { code: 'origin'; value: string; fault: OriginFault }
  | { code: 'origin_duplicate'; value: string }
  | { code: 'too_many'; max: number }
  | { code: 'topics_missing' }
  | { code: 'topic_id_invalid'; index: number }
  | { code: 'topic_id_duplicate'; id: string }
  | { code: 'topic_label_missing'; index: number; language: Language }
  | { code: 'topic_queue_missing'; index: number; language: Language }
  | { code: 'time_zone_invalid' }
  | { code: 'periods_invalid'; day: Weekday }
  | { code: 'holiday_invalid'; value: string }
  | { code: 'last_admission_invalid' }
  | { code: 'way_text_missing'; index: number; language: Language }
  | { code: 'way_link_invalid'; index: number; language: Language; telephone: boolean }
  | { code: 'self_label_missing'; index: number; language: Language }
  | { code: 'self_url_invalid'; index: number; language: Language }
  | { code: 'notice_missing'; part: NoticePart; language: Language }
  | { code: 'notice_too_long'; part: NoticePart; language: Language; max: number }
  | { code: 'notice_url_invalid'; language: Language }
  | { code: 'quick_exit_url_invalid' }
  | { code: 'nothing_changed' };

export type SiteProblems = Partial<Record<SiteField, SiteProblem[]>>;

/** The hours a new site starts with: weekdays 8:30 to 16:30 in Toronto, no new chat in the last 15 minutes. */
export function emptySiteDraft(): SiteDraft {
  const weekly = Object.fromEntries(WEEKDAYS.map((day) => [day, day === 'sat' || day === 'sun' ? '' : '08:30-16:30'])) as Record<Weekday, string>;
  return {
    id: '',
    name: blank(),
    origins: '',
    chatEnabled: true,
    topics: [emptyTopic()],
    hoursOn: false,
    timeZone: 'America/Toronto',
    weekly,
    holidays: '',
    lastAdmission: '15',
    otherWays: [],
    selfService: [],
    redaction: { ...DEFAULT_SITE_REDACTION },
    noticeOn: false,
    notice: emptyNotice(),
    quickExitOn: false,
    quickExitUrl: '',
  };
}

const emptyNotice = (): Record<NoticePart, Bilingual> => Object.fromEntries(NOTICE_PARTS.map((part) => [part, blank()])) as Record<NoticePart, Bilingual>;

export const emptyTopic = (): TopicDraft => ({ id: '', label: blank(), queues: blank() });
export const emptyOtherWay = (): OtherWayDraft => ({ kind: 'phone', text: blank(), href: blank() });
export const emptySelfService = (): SelfServiceDraft => ({ label: blank(), url: blank() });

/** Periods as the form shows them: `08:30-12:00, 13:00-16:30`. */
export function periodsText(periods: readonly { opens: string; closes: string }[] | undefined): string {
  return (periods ?? []).map((period) => `${period.opens}-${period.closes}`).join(', ');
}

/** The form for editing a site, filled with what it has now. */
export function siteDraftOf(site: SiteAdminView): SiteDraft {
  const empty = emptySiteDraft();
  return {
    id: site.id,
    name: { ...site.name },
    origins: site.allowedOrigins.join('\n'),
    chatEnabled: site.chatEnabled,
    topics: site.topics.map((topic) => ({ id: topic.id, label: { ...topic.label }, queues: { ...topic.queues } })),
    hoursOn: site.hours !== null,
    timeZone: site.hours?.timeZone ?? empty.timeZone,
    weekly: site.hours === null ? empty.weekly : (Object.fromEntries(WEEKDAYS.map((day) => [day, periodsText(site.hours!.weekly[day])])) as Record<Weekday, string>),
    holidays: site.hours?.holidays.join('\n') ?? '',
    lastAdmission: String(site.hours?.lastAdmissionMinutes ?? empty.lastAdmission),
    otherWays: site.otherWays.map((way) => ({ kind: way.kind, text: { ...way.text }, href: way.href === null ? blank() : { ...way.href } })),
    selfService: site.selfService.map((link) => ({ label: { ...link.label }, url: { ...link.url } })),
    redaction: { ...site.redaction },
    noticeOn: site.privacyNotice !== null,
    notice: site.privacyNotice === null ? emptyNotice() : (Object.fromEntries(NOTICE_PARTS.map((part) => [part, { ...site.privacyNotice![part] }])) as Record<NoticePart, Bilingual>),
    quickExitOn: site.quickExit.enabled,
    quickExitUrl: site.quickExit.url === DEFAULT_QUICK_EXIT_URL ? '' : site.quickExit.url,
  };
}

/** The origins of the text area: one a line (commas and spaces also separate), blanks dropped. */
export function originsOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}

const PERIOD = /^(\d{2}):(\d{2})\s*[-–]\s*(\d{2}):(\d{2})$/;

/** A day's periods from the form's text, or null when one is not `HH:MM-HH:MM` within one day. */
export function parsePeriods(text: string): { opens: string; closes: string }[] | null {
  const parts = text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const periods: { opens: string; closes: string }[] = [];
  for (const part of parts) {
    const match = PERIOD.exec(part);
    if (match === null) return null;
    const [, oh, om, ch, cm] = match.map(Number) as [number, number, number, number, number];
    const opens = oh * 60 + om;
    const closes = ch * 60 + cm;
    if (oh > 23 || om > 59 || cm > 59 || closes > 1440 || opens >= closes) return null;
    periods.push({ opens: `${match[1]}:${match[2]}`, closes: `${match[3]}:${match[4]}` });
  }
  return periods;
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Whether the browser knows this IANA time zone (the server checks it the same way, with `Intl`). */
export function knownTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An https link a citizen may be sent to (the server's `linkProblem`). */
function httpsLink(value: string): boolean {
  if (value.length > SITE_LINK_MAX) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

const TELEPHONE = /^tel:\+?[0-9]{3,20}$/;

const trimmed = (text: Bilingual): Bilingual => ({ en: text.en.trim(), fr: text.fr.trim() });

function add(problems: SiteProblems, field: SiteField, problem: SiteProblem): void {
  (problems[field] ??= []).push(problem);
}

/** Everything but the id, checked and turned into what the server takes. */
function checkedFields(draft: SiteDraft, problems: SiteProblems): Omit<SiteCreate, 'id'> {
  const name = trimmed(draft.name);
  for (const language of LANGUAGES) {
    if (name[language] === '') add(problems, 'name', { code: 'name_missing', language });
    else if (name[language].length > SITE_NAME_MAX) add(problems, 'name', { code: 'too_long', max: SITE_NAME_MAX });
  }

  const allowedOrigins = originsOf(draft.origins);
  if (allowedOrigins.length > SITE_ORIGINS_MAX) add(problems, 'origins', { code: 'too_many', max: SITE_ORIGINS_MAX });
  allowedOrigins.forEach((value, index) => {
    const fault = originFault(value);
    if (fault !== null) add(problems, 'origins', { code: 'origin', value, fault });
    else if (allowedOrigins.indexOf(value) !== index) add(problems, 'origins', { code: 'origin_duplicate', value });
  });

  if (draft.topics.length === 0) add(problems, 'topics', { code: 'topics_missing' });
  if (draft.topics.length > SITE_TOPICS_MAX) add(problems, 'topics', { code: 'too_many', max: SITE_TOPICS_MAX });
  const topics = draft.topics.map((topic, index) => {
    const id = topic.id.trim();
    if (!ADMIN_ID.test(id)) add(problems, 'topics', { code: 'topic_id_invalid', index });
    else if (draft.topics.findIndex((other) => other.id.trim() === id) !== index) add(problems, 'topics', { code: 'topic_id_duplicate', id });
    const label = trimmed(topic.label);
    for (const language of LANGUAGES) {
      if (label[language] === '') add(problems, 'topics', { code: 'topic_label_missing', index, language });
      if (topic.queues[language] === '') add(problems, 'topics', { code: 'topic_queue_missing', index, language });
    }
    return { id, label, queues: { ...topic.queues } };
  });

  let hours: SiteCreate['hours'] = null;
  if (draft.hoursOn) {
    const timeZone = draft.timeZone.trim();
    if (!knownTimeZone(timeZone)) add(problems, 'hours', { code: 'time_zone_invalid' });
    const weekly: NonNullable<SiteCreate['hours']>['weekly'] = {};
    for (const day of WEEKDAYS) {
      const periods = parsePeriods(draft.weekly[day]);
      if (periods === null || periods.length > SITE_PERIODS_PER_DAY_MAX) add(problems, 'hours', { code: 'periods_invalid', day });
      else if (periods.length > 0) weekly[day] = periods;
    }
    const holidays = originsOf(draft.holidays);
    if (holidays.length > SITE_HOLIDAYS_MAX) add(problems, 'hours', { code: 'too_many', max: SITE_HOLIDAYS_MAX });
    for (const holiday of holidays) if (!isDate(holiday)) add(problems, 'hours', { code: 'holiday_invalid', value: holiday });
    const lastAdmission = /^\s*\d{1,4}\s*$/.test(draft.lastAdmission) ? Number(draft.lastAdmission) : NaN;
    if (!(lastAdmission >= 0 && lastAdmission <= 1440)) add(problems, 'hours', { code: 'last_admission_invalid' });
    hours = { timeZone, weekly, holidays: [...new Set(holidays)], lastAdmissionMinutes: lastAdmission };
  }

  if (draft.otherWays.length > SITE_OTHER_WAYS_MAX) add(problems, 'otherWays', { code: 'too_many', max: SITE_OTHER_WAYS_MAX });
  const otherWays = draft.otherWays.map((way, index) => {
    const text = trimmed(way.text);
    const href = trimmed(way.href);
    const telephone = way.kind === 'phone' || way.kind === 'tty';
    const isLink = href.en !== '' || href.fr !== '';
    for (const language of LANGUAGES) {
      if (text[language] === '') add(problems, 'otherWays', { code: 'way_text_missing', index, language });
      else if (text[language].length > SITE_TEXT_MAX) add(problems, 'otherWays', { code: 'too_long', max: SITE_TEXT_MAX });
      const link = href[language];
      if (isLink && !(httpsLink(link) || (telephone && TELEPHONE.test(link)))) add(problems, 'otherWays', { code: 'way_link_invalid', index, language, telephone });
    }
    return { kind: way.kind, text, href: isLink ? href : null };
  });

  if (draft.selfService.length > SITE_SELF_SERVICE_MAX) add(problems, 'selfService', { code: 'too_many', max: SITE_SELF_SERVICE_MAX });
  const selfService = draft.selfService.map((link, index) => {
    const label = trimmed(link.label);
    const url = trimmed(link.url);
    for (const language of LANGUAGES) {
      if (label[language] === '') add(problems, 'selfService', { code: 'self_label_missing', index, language });
      if (!httpsLink(url[language])) add(problems, 'selfService', { code: 'self_url_invalid', index, language });
    }
    return { label, url };
  });

  const redaction = { phone: draft.redaction.phone, email: draft.redaction.email, postalCode: draft.redaction.postalCode };

  let privacyNotice: PrivacyNotice | null = null;
  if (draft.noticeOn) {
    const notice = Object.fromEntries(NOTICE_PARTS.map((part) => [part, trimmed(draft.notice[part])])) as Record<NoticePart, Bilingual>;
    for (const part of NOTICE_PARTS) {
      for (const language of LANGUAGES) {
        const text = notice[part][language];
        if (part === 'fullNoticeUrl') {
          if (!httpsLink(text)) add(problems, 'privacyNotice', { code: 'notice_url_invalid', language });
        } else if (text === '') add(problems, 'privacyNotice', { code: 'notice_missing', part, language });
        else if (text.length > PRIVACY_NOTICE_TEXT_MAX) add(problems, 'privacyNotice', { code: 'notice_too_long', part, language, max: PRIVACY_NOTICE_TEXT_MAX });
      }
    }
    privacyNotice = notice;
  }

  // The neutral page is checked when the quick exit is on; off, a page that is not one goes back to the default.
  const exitUrl = draft.quickExitUrl.trim() || DEFAULT_QUICK_EXIT_URL;
  if (draft.quickExitOn && !httpsLink(exitUrl)) add(problems, 'quickExit', { code: 'quick_exit_url_invalid' });
  const quickExit = { enabled: draft.quickExitOn, url: draft.quickExitOn || httpsLink(exitUrl) ? exitUrl : DEFAULT_QUICK_EXIT_URL };

  return { name, allowedOrigins, chatEnabled: draft.chatEnabled, topics, hours, otherWays, selfService, redaction, privacyNotice, quickExit };
}

export type Checked<T> = { ok: true; payload: T } | { ok: false; problems: SiteProblems };

/** A new site's form, checked: what to send, or what to correct, part by part. */
export function checkNewSite(draft: SiteDraft): Checked<SiteCreate> {
  const problems: SiteProblems = {};
  const id = draft.id.trim();
  if (id === '') add(problems, 'id', { code: 'id_missing' });
  else if (!ADMIN_ID.test(id)) add(problems, 'id', { code: 'id_invalid' });
  const fields = checkedFields(draft, problems);
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, payload: { id, ...fields } };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** An edit, checked: only the parts that differ from the site are sent; one that changes nothing is said so. */
export function checkSiteEdit(site: SiteAdminView, draft: SiteDraft): Checked<SiteUpdate> {
  const problems: SiteProblems = {};
  const fields = checkedFields(draft, problems);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const payload: SiteUpdate = { siteId: site.id };
  if (!same(fields.name, site.name)) payload.name = fields.name;
  if (!same(fields.allowedOrigins, site.allowedOrigins)) payload.allowedOrigins = fields.allowedOrigins;
  if (fields.chatEnabled !== site.chatEnabled) payload.chatEnabled = fields.chatEnabled;
  if (!same(fields.topics, site.topics)) payload.topics = fields.topics;
  if (!same(fields.hours, site.hours)) payload.hours = fields.hours;
  if (!same(fields.otherWays, site.otherWays)) payload.otherWays = fields.otherWays;
  if (!same(fields.selfService, site.selfService)) payload.selfService = fields.selfService;
  if (!same(fields.redaction, site.redaction)) payload.redaction = fields.redaction;
  if (!same(fields.privacyNotice, site.privacyNotice)) payload.privacyNotice = fields.privacyNotice;
  if (!same(fields.quickExit, site.quickExit)) payload.quickExit = fields.quickExit;
  if (Object.keys(payload).length === 1) return { ok: false, problems: { form: [{ code: 'nothing_changed' }] } };
  return { ok: true, payload };
}

/** The parts with a problem, in the order of the form (focus goes to the first). */
export function siteFieldsInOrder(problems: SiteProblems): SiteField[] {
  return SITE_FIELD_ORDER.filter((field) => problems[field] !== undefined);
}

/**
 * Which part of the form a server refusal belongs to. The server words its problems in English
 * (server/domain/site-admin.ts); the console shows them beside the part they name.
 */
export function fieldOfSiteRefusal(action: 'create' | 'update', code: ConsoleErrorCode, message: string): SiteField {
  if (code === 'conflict' && action === 'create') return 'id';
  if (code !== 'invalid_payload') return 'form';
  // The privacy settings' problems open with their part's name (server/domain/site-admin.ts).
  if (/^the privacy notice/i.test(message)) return 'privacyNotice';
  if (/^quick exit/i.test(message)) return 'quickExit';
  if (/^redaction/i.test(message)) return 'redaction';
  if (/origin|wildcard/i.test(message)) return 'origins';
  if (/topic/i.test(message)) return 'topics';
  if (/site name/i.test(message)) return 'name';
  if (/time zone|period|holiday|last admission/i.test(message)) return 'hours';
  if (/self-service/i.test(message)) return 'selfService';
  if (/ way|other ways/i.test(message)) return 'otherWays';
  return 'form';
}

/**
 * The one tag a site's pages carry (README, "Embed the widget"), pointing at the chat host: the
 * console is served by it, so its origin is the chat host's public address.
 */
export function embedSnippet(chatHostOrigin: string, siteId: string): string {
  return `<script src="${chatHostOrigin.replace(/\/+$/, '')}/widget.js" data-site="${siteId}" async></script>`;
}

/** The queues a topic may send its chats in `language` to: those that speak it. */
export function queuesFor(queues: readonly QueueAdminView[], language: Language): QueueAdminView[] {
  return queues.filter((queue) => queue.language === language);
}

/** Lists in the order they are shown: by name in the console's language, then id. */
export function sortedByName<T extends { id: string; name: Bilingual }>(items: readonly T[], language: Language, locale: string): T[] {
  return [...items].sort((a, b) => a.name[language].localeCompare(b.name[language], locale, { sensitivity: 'base' }) || a.id.localeCompare(b.id));
}

/** The list with one item as the server last answered it (added if new). */
export function withItem<T extends { id: string }>(items: readonly T[], item: T): T[] {
  return items.some((candidate) => candidate.id === item.id) ? items.map((candidate) => (candidate.id === item.id ? item : candidate)) : [...items, item];
}

/** A list with one entry replaced, for the form's repeated rows. */
export function replacedAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((candidate, at) => (at === index ? item : candidate));
}

export function removedAt<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, at) => at !== index);
}

export { OTHER_WAY_KINDS, WEEKDAYS };

/* Queues. */

export type QueueMode = QueueAdminView['mode'];
export const QUEUE_MODES: readonly QueueMode[] = ['automatic', 'agents_pick'];

export interface QueueDraft {
  id: string;
  name: Bilingual;
  language: Language;
  mode: QueueMode;
  memberIds: string[];
}

export type QueueField = 'id' | 'name' | 'language' | 'memberIds' | 'form';
export const QUEUE_FIELD_ORDER: readonly QueueField[] = ['id', 'name', 'language', 'memberIds', 'form'];
export type QueueProblems = Partial<Record<QueueField, SiteProblem[]>>;

export function emptyQueueDraft(): QueueDraft {
  return { id: '', name: blank(), language: 'en', mode: 'automatic', memberIds: [] };
}

export function queueDraftOf(queue: QueueAdminView): QueueDraft {
  return { id: queue.id, name: { ...queue.name }, language: queue.language, mode: queue.mode, memberIds: [...queue.memberIds] };
}

function queueNameProblems(draft: QueueDraft): QueueProblems {
  const problems: QueueProblems = {};
  const name = trimmed(draft.name);
  for (const language of LANGUAGES) {
    if (name[language] === '') (problems.name ??= []).push({ code: 'name_missing', language });
    else if (name[language].length > SITE_NAME_MAX) (problems.name ??= []).push({ code: 'too_long', max: SITE_NAME_MAX });
  }
  return problems;
}

export function checkNewQueue(draft: QueueDraft): { ok: true; payload: QueueCreate } | { ok: false; problems: QueueProblems } {
  const problems = queueNameProblems(draft);
  const id = draft.id.trim();
  if (id === '') problems.id = [{ code: 'id_missing' }];
  else if (!ADMIN_ID.test(id)) problems.id = [{ code: 'id_invalid' }];
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, payload: { id, name: trimmed(draft.name), language: draft.language, mode: draft.mode, memberIds: [...draft.memberIds] } };
}

export function checkQueueEdit(queue: QueueAdminView, draft: QueueDraft): { ok: true; payload: QueueUpdate } | { ok: false; problems: QueueProblems } {
  const problems = queueNameProblems(draft);
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const payload: QueueUpdate = { queueId: queue.id };
  const name = trimmed(draft.name);
  if (!same(name, queue.name)) payload.name = name;
  if (draft.language !== queue.language) payload.language = draft.language;
  if (draft.mode !== queue.mode) payload.mode = draft.mode;
  const members = [...draft.memberIds].sort();
  if (!same(members, [...queue.memberIds].sort())) payload.memberIds = draft.memberIds;
  if (Object.keys(payload).length === 1) return { ok: false, problems: { form: [{ code: 'nothing_changed' }] } };
  return { ok: true, payload };
}

/** Which part of the queue form a server refusal belongs to. */
export function fieldOfQueueRefusal(action: 'create' | 'update', code: ConsoleErrorCode, message: string): QueueField {
  if (code === 'conflict' && action === 'create') return 'id';
  if (code !== 'invalid_payload') return 'form';
  if (/topics send/i.test(message)) return 'language';
  if (/account/i.test(message)) return 'memberIds';
  if (/queue name/i.test(message)) return 'name';
  return 'form';
}

/** The accounts a queue may be given: the active ones, by name; and those it has that are not (kept, so none is lost silently). */
export function memberChoices(accounts: readonly AccountView[], held: readonly string[], locale: string): AccountView[] {
  return accounts
    .filter((account) => account.active || held.includes(account.id))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, locale, { sensitivity: 'base' }) || a.email.localeCompare(b.email));
}
