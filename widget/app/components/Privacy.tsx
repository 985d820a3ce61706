/**
 * What the chat app shows about privacy: the site's collection notice (before a chat, and in a
 * dialog from the header at any time during one), and the identifiers the server removed from a
 * message (server/domain/redaction.ts leaves markers such as `[redacted:sin]`, rendered here in the
 * reader's language, with a note to the citizen saying what was removed and why). The note is
 * drawn from the markers in the stored text, not from the send's answer, so it is still there after
 * a reload.
 */
import type { WidgetSiteResponse } from '../../../protocol/http.js';
import type { Language } from '../../../protocol/languages.js';
import { REDACTION_MARKER } from '../../../protocol/privacy.js';
import type { ChatStrings } from '../../i18n/chat-strings.js';
import { format } from '../../i18n/format.js';

type Notice = NonNullable<WidgetSiteResponse['privacyNotice']>;

const kindLabel = (t: ChatStrings, kind: string): string => t[`redacted_${kind}` as keyof ChatStrings];

/** The text with each marker in words, in the reader's language. */
export const shownText = (text: string, t: ChatStrings): string => text.replace(REDACTION_MARKER, (_, kind: string) => format(t.redactedMarker, { kind: kindLabel(t, kind) }));

/** The note for a citizen's message the server took identifiers out of; null when it took none. */
export function redactionNote(text: string, t: ChatStrings): string | null {
  const kinds = [...new Set(Array.from(text.matchAll(REDACTION_MARKER), (match) => match[1]!))];
  return kinds.length === 0 ? null : format(t.redactedNote, { kinds: kinds.map((kind) => kindLabel(t, kind)).join(', ') });
}

/** The parts of a collection notice, as a list of terms. */
export function NoticeDetails({ t, language, notice }: { t: ChatStrings; language: Language; notice: Notice }) {
  const parts: Array<[string, string]> = [
    [t.noticeAuthority, notice.legalAuthority[language]],
    [t.noticePurpose, notice.purpose[language]],
    [t.noticeRetention, notice.retention[language]],
    [t.noticeBank, notice.personalInformationBank[language]],
    [t.noticeContact, notice.contact[language]],
  ];
  return (
    <>
      <dl class="notice-parts">
        {parts.map(([term, text]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
      <p>
        <a href={notice.fullNoticeUrl[language]} target="_blank" rel="noopener noreferrer">
          {t.noticeFull}
        </a>
      </p>
    </>
  );
}
