/**
 * What the chat app shows about privacy: the site's collection notice (before a chat, and in a
 * dialog from the header at any time during one), and the identifiers the server removed from a
 * message (server/domain/redaction.ts leaves markers such as `[redacted:sin]`, rendered here in the
 * reader's language, with a note to the citizen saying what was removed and why). The note is
 * drawn from the markers in the stored text, not from the send's answer, so it is still there after
 * a reload.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { WidgetSiteResponse } from '../../../protocol/http.js';
import type { Language } from '../../../protocol/languages.js';
import { REDACTION_MARKER } from '../../../protocol/privacy.js';
import { format, type ChatStrings } from '../../i18n/chat-strings.js';

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

/**
 * The notice in a modal dialog: the browser keeps focus inside it and closes it on Escape; focus
 * goes back to where it was (the header's button) when it closes.
 */
export function PrivacyDialog({ t, language, site, onClose }: { t: ChatStrings; language: Language; site: WidgetSiteResponse; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    return () => opener?.focus();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="privacy"
      aria-labelledby="privacy-title"
      onClose={onClose}
      // Escape here closes the dialog only (the browser does it), not the chat panel.
      onKeyDown={(event) => event.key === 'Escape' && event.stopPropagation()}
    >
      <h2 id="privacy-title">{t.privacyButton}</h2>
      <p>{format(t.privacyNotice, { org: site.name[language] })}</p>
      {site.privacyNotice !== null && <NoticeDetails t={t} language={language} notice={site.privacyNotice} />}
      <button type="button" class="primary" onClick={() => dialog.current?.close()}>
        {t.privacyClose}
      </button>
    </dialog>
  );
}
