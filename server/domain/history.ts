/**
 * Conversation history (issue #9 point 5): which closed conversations a search keeps, and the
 * plain-text transcript exported for an access-to-information request. Pure: no I/O, time passed in.
 */
import type { Bilingual, Language } from '../../protocol/languages.js';
import type { ChatMessage, Conversation } from './entities.js';

/** A search covers at most this many days (the range is required). */
export const HISTORY_RANGE_MAX_DAYS = 31;
export const HISTORY_RANGE_MAX_MS = HISTORY_RANGE_MAX_DAYS * 24 * 60 * 60 * 1000;
/** A reference shorter than this matches only a whole conversation id (today: its first 8 characters). */
export const REFERENCE_PREFIX_MIN = 8;

/** What a search keeps, besides the close-time range the index reads. Absent fields keep everything. */
export interface HistoryFilter {
  siteId?: string;
  queueId?: string;
  agentId?: string;
  /** The wrap-up outcome code recorded. */
  outcome?: string;
  /**
   * The reference a citizen or a request quotes. Today: the conversation id, or its first
   * REFERENCE_PREFIX_MIN characters or more (issue #10 adds real reference numbers: match them here).
   */
  reference?: string;
}

/** The short reference shown today for a conversation (the first characters of its id). */
export function referenceOf(conversation: Pick<Conversation, 'id'>): string {
  return conversation.id.slice(0, REFERENCE_PREFIX_MIN);
}

export function matchesReference(conversation: Pick<Conversation, 'id'>, reference: string): boolean {
  const wanted = reference.trim().toLowerCase();
  const id = conversation.id.toLowerCase();
  return id === wanted || (wanted.length >= REFERENCE_PREFIX_MIN && id.startsWith(wanted));
}

/** Whether a closed conversation answers the filter (the range is the index's business). */
export function matchesHistory(conversation: Conversation, filter: HistoryFilter): boolean {
  if (conversation.status !== 'closed') return false;
  if (filter.siteId !== undefined && conversation.siteId !== filter.siteId) return false;
  if (filter.queueId !== undefined && conversation.queueId !== filter.queueId) return false;
  if (filter.agentId !== undefined && conversation.agentId !== filter.agentId) return false;
  if (filter.outcome !== undefined && conversation.wrapUp?.outcome !== filter.outcome) return false;
  if (filter.reference !== undefined && !matchesReference(conversation, filter.reference)) return false;
  return true;
}

/** Null when the range is acceptable; else why not (in English, for the error). */
export function rangeProblem(from: number, to: number): string | null {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return 'The dates are not valid.';
  if (to < from) return 'The end date is before the start date.';
  if (to - from > HISTORY_RANGE_MAX_MS) return `Search at most ${HISTORY_RANGE_MAX_DAYS} days at a time.`;
  return null;
}

/** What a transcript is made of (read by the service). */
export interface TranscriptInput {
  conversation: Conversation;
  siteName: Bilingual | null;
  /** IANA time zone the times are written in (the site's; UTC when it has none). */
  timeZone: string;
  messages: readonly ChatMessage[];
  /** Display names of the agents who wrote, by id (a deleted account falls back to the message's name). */
  agentNames: ReadonlyMap<string, string>;
  /** Messages left out beyond the export's cap (0 normally). */
  omitted: number;
  /** When it was exported. */
  now: number;
}

const CITIZEN: Record<Language, string> = { en: 'Citizen', fr: 'Citoyen' };
const SYSTEM: Record<Language, string> = { en: 'System', fr: 'Système' };
const AGENT: Record<Language, string> = { en: 'Agent', fr: 'Agent' };

function wallTime(instant: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}

/** Control characters other than line breaks and tabs are dropped (a transcript is read as plain text). */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/**
 * The transcript as plain text, in the chat's language: a header (export date, site, conversation
 * id, time zone), then every message with its time (in that zone) and sender (agents by display
 * name, the citizen as "Citizen"/"Citoyen"). Lines end with CRLF; continuation lines are indented.
 */
export function transcriptText(input: TranscriptInput): string {
  const { conversation, timeZone } = input;
  const language = conversation.language;
  const fr = language === 'fr';
  const lines = [
    fr ? 'Transcription de clavardage' : 'Chat transcript',
    `${fr ? 'Date de l’export' : 'Exported'}: ${wallTime(input.now, timeZone)}`,
    `${fr ? 'Site' : 'Site'}: ${input.siteName?.[language] ?? conversation.siteId}`,
    `${fr ? 'Conversation' : 'Conversation'}: ${conversation.id}`,
    `${fr ? 'Début' : 'Started'}: ${wallTime(conversation.createdAt, timeZone)}`,
    `${fr ? 'Fin' : 'Ended'}: ${conversation.closedAt === null ? '-' : wallTime(conversation.closedAt, timeZone)}`,
    `${fr ? 'Fuseau horaire' : 'Time zone'}: ${timeZone}`,
    '',
  ];
  for (const message of input.messages) {
    const sender =
      message.author.kind === 'visitor'
        ? CITIZEN[language]
        : message.author.kind === 'system'
          ? SYSTEM[language]
          : (message.author.agentId !== null ? input.agentNames.get(message.author.agentId) : undefined) ?? message.author.name ?? AGENT[language];
    const [first = '', ...rest] = clean(message.text).split('\n');
    lines.push(`[${wallTime(message.sentAt, timeZone)}] ${clean(sender)}: ${first}`, ...rest.map((line) => `    ${line}`));
  }
  if (input.omitted > 0) {
    lines.push('', fr ? `(${input.omitted} messages de plus non inclus)` : `(${input.omitted} more messages not included)`);
  }
  return `${lines.join('\r\n')}\r\n`;
}
