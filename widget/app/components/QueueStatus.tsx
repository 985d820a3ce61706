/**
 * While a chat waits: its place in line, the estimated wait or, when nobody who could answer it is
 * available, that honestly and without a time; why the place moved back, if it did; and that a
 * transfer put it in this line, if one did. Shown as
 * it changes; announced through a polite live region only when the place, the wait band or the
 * reason changes, at most every 30 s (see polite-announcer.ts).
 */
import type { Language } from '../../../protocol/languages.js';
import type { VisitorConversation } from '../../../protocol/models.js';
import type { WaitBand } from '../../../protocol/wait-estimate.js';
import type { ChatStrings } from '../../i18n/chat-strings.js';
import { format } from '../../i18n/format.js';
import { usePoliteAnnouncement } from '../polite-announcer.js';
import type { QueueNote } from '../queue-place.js';

/** A waiting conversation, the note on its place, and the strings of the language it is shown in. */
export interface QueueStatusProps {
  conversation: VisitorConversation;
  note: QueueNote | null;
  t: ChatStrings;
  language: Language;
}

/** A band in words: "less than a minute", "about 5 minutes", "more than 30 minutes". */
export function bandText(band: Exclude<WaitBand, 'no_agent'>, t: ChatStrings): string {
  const minutes = band.replace(/\D+/, '');
  return band === 'under_1' ? t.waitUnder : format(band === 'over_30' ? t.waitOver : t.waitAbout, { minutes });
}

/** The place, the wait and the reason, shown at once and announced at a polite pace. */
export function QueueStatus({ conversation, note, t, language }: QueueStatusProps) {
  const position = conversation.queuePosition ?? 1;
  // A server of the previous version sends no wait: then only the place is shown.
  const band = conversation.estimatedWait ?? null;
  const place = position <= 1 ? t.waitingNext : format(t.waiting, { position });
  // The chat's language, not the page's: a French chat waits for a French-speaking agent.
  const noAgent = conversation.language === 'fr' ? t.noAgentFr : t.noAgentEn;
  const wait = band === null ? [] : band === 'no_agent' ? [noAgent, t.noAgentStay] : [format(t.waitEstimate, { wait: bandText(band, t) })];
  // Waiting because a transfer put the chat in this line: said first, as long as it waits here.
  const transferred = conversation.transferred === 'queue' ? [t.transferredQueue] : [];
  const why = note === null ? [] : [note === 'moved_back' ? t.movedBack : t.returned];
  const spoken = usePoliteAnnouncement(`${language}|${position}|${band}|${note}|${transferred.length}`, [...transferred, place, ...wait, ...why].join(' '));
  return (
    <>
      <div class="queue">
        {transferred.map((line) => (
          <p key={line} class="note">
            {line}
          </p>
        ))}
        <p class="status">{place}</p>
        {wait.map((line) => (
          <p key={line}>{line}</p>
        ))}
        {why.map((line) => (
          <p key={line} class="note">
            {line}
          </p>
        ))}
      </div>
      <p class="visually-hidden" role="status" aria-label={t.queueLive}>
        {spoken}
      </p>
    </>
  );
}
