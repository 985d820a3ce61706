/**
 * A conversation's transcript as plain text, written in one place for both who ask for it: staff
 * exporting a closed chat from History (an access-to-information request) and the citizen keeping
 * their own chat (issue #10, "After the chat"). Pure: no I/O, time passed in.
 *
 * Safe to open anywhere: served as `text/plain` with `nosniff` (never read as HTML), control
 * characters dropped, and every line starts with a label, a `[time]` or four spaces, never with
 * text the citizen or agent typed, so nothing in it reads as a spreadsheet formula either.
 */
import type { Bilingual, Language } from '../../protocol/languages.js';
import type { ChatMessage, Conversation } from './entities.js';

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
  /**
   * Who reads it: `staff` (the default) see the conversation id; the `citizen` is "You" and gets
   * no internal id, only the reference they quote.
   */
  audience?: 'staff' | 'citizen';
}

const WORDS = {
  en: {
    title: 'Chat transcript',
    exported: 'Exported',
    organisation: 'Organisation',
    reference: 'Reference',
    conversation: 'Conversation',
    started: 'Started',
    ended: 'Ended',
    timeZone: 'Time zone',
    citizen: 'Citizen',
    you: 'You',
    system: 'System',
    agent: 'Agent',
    omitted: (n: number) => `(${n} more messages not included)`,
  },
  fr: {
    title: 'Transcription de clavardage',
    exported: 'Date de l’export',
    organisation: 'Organisation',
    reference: 'Référence',
    conversation: 'Conversation',
    started: 'Début',
    ended: 'Fin',
    timeZone: 'Fuseau horaire',
    citizen: 'Citoyen',
    you: 'Vous',
    system: 'Système',
    agent: 'Agent',
    omitted: (n: number) => `(${n} messages de plus non inclus)`,
  },
} as const satisfies Record<Language, unknown>;

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
 * The transcript as plain text, in the chat's language: a header (export date, organisation,
 * reference, for staff the conversation id, start, end, time zone), then every message with its
 * time (in that zone) and sender (for staff, agents by display name; in the citizen's own copy, by
 * the public name they saw, or "Agent"; the citizen as "Citizen", or "You" in their own copy). Lines end with CRLF; continuation lines are indented.
 */
export function transcriptText(input: TranscriptInput): string {
  const { conversation, timeZone } = input;
  const language = conversation.language;
  const words = WORDS[language];
  const citizen = input.audience === 'citizen';
  const lines = [
    words.title,
    `${words.exported}: ${wallTime(input.now, timeZone)}`,
    `${words.organisation}: ${clean(input.siteName?.[language] ?? conversation.siteId)}`,
    `${words.reference}: ${conversation.reference}`,
    ...(citizen ? [] : [`${words.conversation}: ${conversation.id}`]),
    `${words.started}: ${wallTime(conversation.createdAt, timeZone)}`,
    `${words.ended}: ${conversation.closedAt === null ? '-' : wallTime(conversation.closedAt, timeZone)}`,
    `${words.timeZone}: ${timeZone}`,
    '',
  ];
  for (const message of input.messages) {
    const sender =
      message.author.kind === 'visitor'
        ? citizen
          ? words.you
          : words.citizen
        : message.author.kind === 'system'
          ? words.system
          : citizen
            ? // The citizen's copy names agents as they saw them: the public name then, or "Agent".
              (message.author.publicName ?? words.agent)
            : ((message.author.agentId !== null ? input.agentNames.get(message.author.agentId) : undefined) ?? message.author.name ?? words.agent);
    const [first = '', ...rest] = clean(message.text).split('\n');
    lines.push(`[${wallTime(message.sentAt, timeZone)}] ${clean(sender)}: ${first}`, ...rest.map((line) => `    ${line}`));
  }
  if (input.omitted > 0) lines.push('', words.omitted(input.omitted));
  return `${lines.join('\r\n')}\r\n`;
}
